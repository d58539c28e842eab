import { type KeyboardEvent, useId, useMemo, useRef, useState } from 'react';
import { curlScript } from '../code-export/curl.ts';
import { notebookText } from '../code-export/notebook.ts';
import { pythonScript } from '../code-export/python.ts';
import { type CodeExportSpec, type ScriptExtension, scriptFileName } from '../code-export/spec.ts';
import { type StudyCodeSpec, studyCurlScript, studyPythonScript, studyScriptFileName } from '../code-export/study.ts';
import { saveBlob } from '../lib/download.ts';
import { Modal } from './Modal.tsx';

type Language = 'python' | 'curl' | 'notebook';

interface LanguageEntry {
  id: Language;
  label: string;
  extension: ScriptExtension;
  mime: string;
}

const LANGUAGES: readonly [LanguageEntry, ...LanguageEntry[]] = [
  { id: 'python', label: 'Python', extension: 'py', mime: 'text/x-python' },
  { id: 'curl', label: 'curl', extension: 'sh', mime: 'application/x-sh' },
  { id: 'notebook', label: 'Notebook', extension: 'ipynb', mime: 'application/x-ipynb+json' },
];

/** A run of a solver release, or a job of a study. */
type ExportedRun = CodeExportSpec | StudyCodeSpec;

const isStudy = (spec: ExportedRun): spec is StudyCodeSpec => 'kind' in spec && spec.kind === 'study';

interface CodeExportButtonProps {
  /** What to export; `null` disables the button and shows `unavailable` beside it. */
  spec: ExportedRun | null;
  /** Why there is nothing to export yet, shown beside the disabled button. */
  unavailable?: string;
  /** Words after "Code" in the dialog title, e.g. "for this job". */
  subject: string;
}

/** A "Code" button that opens the equivalent script of a run (Python or curl) to copy or download. */
export function CodeExportButton({ spec, unavailable, subject }: CodeExportButtonProps) {
  const [open, setOpen] = useState(false);
  const hintId = useId();
  return (
    <>
      <button
        type="button"
        className="secondary outline"
        onClick={() => setOpen(true)}
        disabled={!spec}
        aria-describedby={!spec && unavailable ? hintId : undefined}
      >
        Code
      </button>
      {!spec && unavailable && (
        <small id={hintId} className="action-hint">
          {unavailable}
        </small>
      )}
      {spec && open && <CodeExportDialog spec={spec} subject={subject} onClose={() => setOpen(false)} />}
    </>
  );
}

interface CodeExportDialogProps {
  spec: ExportedRun;
  subject: string;
  onClose(): void;
}

/** Modal with one tab per language, the script as text, Copy and Download. */
function CodeExportDialog({ spec, subject, onClose }: CodeExportDialogProps) {
  const titleId = useId();
  const baseId = useId();
  const [language, setLanguage] = useState<Language>('python');
  const [copied, setCopied] = useState<string | null>(null);
  const tabs = useRef<Record<Language, HTMLButtonElement | null>>({ python: null, curl: null, notebook: null });
  const scripts = useMemo((): Record<Language, string> => {
    const python = isStudy(spec) ? studyPythonScript(spec) : pythonScript(spec);
    const curl = isStudy(spec) ? studyCurlScript(spec) : curlScript(spec);
    // The Python script again, one cell a step, as the osparc client's tutorial notebook is laid out.
    return { python, curl, notebook: notebookText(python) };
  }, [spec]);
  const fileName = (extension: ScriptExtension) =>
    isStudy(spec) ? studyScriptFileName(spec, extension) : scriptFileName(spec, extension);
  const current = LANGUAGES.find((entry) => entry.id === language) ?? LANGUAGES[0];

  const choose = (next: Language) => {
    setLanguage(next);
    setCopied(null);
    tabs.current[next]?.focus();
  };
  // Arrow keys move between tabs, as the ARIA tabs pattern has it.
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = LANGUAGES.findIndex((entry) => entry.id === language);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = LANGUAGES[(index + step + LANGUAGES.length) % LANGUAGES.length];
    if (next) choose(next.id);
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(scripts[language]);
      setCopied(`The ${language === 'notebook' ? 'notebook' : `${current.label} script`} is copied to the clipboard.`);
    } catch {
      setCopied('The browser did not allow copying; select the text and copy it instead.');
    }
  };

  return (
    <Modal open labelledBy={titleId} onClose={onClose} className="code-export">
      <article>
        <header>
          <h2 id={titleId}>Code {subject}</h2>
          <p>
            The same run as a script. It reads the API host and credentials from the environment variables{' '}
            <code>OSPARC_API_HOST</code>, <code>OSPARC_API_KEY</code> and <code>OSPARC_API_SECRET</code>.
          </p>
        </header>
        <div role="tablist" aria-label="Language" className="code-export-tabs">
          {LANGUAGES.map((entry) => (
            <button
              key={entry.id}
              ref={(element) => {
                tabs.current[entry.id] = element;
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${entry.id}`}
              aria-selected={entry.id === language}
              aria-controls={`${baseId}-panel`}
              tabIndex={entry.id === language ? 0 : -1}
              className={entry.id === language ? '' : 'secondary'}
              onClick={() => choose(entry.id)}
              onKeyDown={onTabKey}
            >
              {entry.label}
            </button>
          ))}
        </div>
        <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${language}`}>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the script scrolls; keyboard users need to reach it */}
          <pre className="code-export-script" tabIndex={0}>
            <code>{scripts[language]}</code>
          </pre>
        </div>
        <p role="status" className="code-export-status">
          {copied}
        </p>
        <footer>
          <button type="button" onClick={copy}>
            Copy
          </button>{' '}
          <button
            type="button"
            className="secondary"
            onClick={() => saveBlob(new Blob([scripts[language]], { type: current.mime }), fileName(current.extension))}
          >
            Download {fileName(current.extension)}
          </button>{' '}
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </footer>
      </article>
    </Modal>
  );
}
