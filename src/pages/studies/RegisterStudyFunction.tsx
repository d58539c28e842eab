import { useHostHasFunctions } from '../../api/functions.ts';
import { type StudyPort, studyInputPorts, studyOutputPorts } from '../../api/studies.ts';
import type { ArgumentValue } from '../../api/types.ts';
import { inputSchemaOfPorts, outputSchemaOfPorts } from '../../components/functions/function-schema.ts';
import { RegisterFunctionButton } from '../../components/functions/RegisterFunctionDialog.tsx';

/** "Register as function" for a study (a PROJECT function), keyed by input labels as its jobs are. */
export function RegisterStudyFunction({
  studyId,
  title,
  ports,
  currentValues,
}: {
  studyId: string;
  title: string;
  ports: StudyPort[];
  currentValues(): Record<string, ArgumentValue>;
}) {
  const available = useHostHasFunctions();
  if (!available.data) return null;
  return (
    <RegisterFunctionButton
      base={{
        function_class: 'PROJECT',
        project_id: studyId,
        input_schema: inputSchemaOfPorts(studyInputPorts(ports)),
        output_schema: outputSchemaOfPorts(studyOutputPorts(ports)),
      }}
      suggestedTitle={title}
      currentValues={currentValues}
    />
  );
}
