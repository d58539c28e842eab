import { useId, useState } from 'react';
import { type MetadataMatch, parseMetadataPatterns } from './jobs-tools.ts';

interface MetadataFilterFormProps {
  patterns: string[];
  match: MetadataMatch;
  onApply(patterns: string[], match: MetadataMatch): void;
}

/** Filter by labels (custom metadata): `key:glob` patterns, matching any or all of them; applied on submit. */
export function MetadataFilterForm({ patterns, match, onApply }: MetadataFilterFormProps) {
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const [text, setText] = useState(patterns.join(' '));
  const [mode, setMode] = useState<MetadataMatch>(match);
  const [problems, setProblems] = useState<string[]>([]);
  return (
    <form
      className="metadata-filter"
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parseMetadataPatterns(text);
        setProblems(parsed.problems);
        if (parsed.problems.length === 0) onApply(parsed.patterns, mode);
      }}
    >
      <label htmlFor={inputId}>Labels</label>
      <input
        id={inputId}
        type="search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder="project:apollo* owner:me"
        aria-describedby={problems.length ? `${hintId} ${errorId}` : hintId}
        aria-invalid={problems.length ? true : undefined}
      />
      <small id={hintId}>key:pattern, separated by spaces; * and ? match any text.</small>
      {problems.length > 0 && (
        <small id={errorId} className="field-error">
          {problems.join(' ')}
        </small>
      )}
      <fieldset className="metadata-match">
        <legend>A job matches when</legend>
        <label>
          <input type="radio" name="metadata-match" checked={mode === 'any'} onChange={() => setMode('any')} />
          any pattern matches
        </label>
        <label>
          <input type="radio" name="metadata-match" checked={mode === 'all'} onChange={() => setMode('all')} />
          all patterns match
        </label>
      </fieldset>
      <button type="submit" className="secondary">
        Filter by labels
      </button>
    </form>
  );
}
