// The side form of the selected step, drawn from the host's `form` message (generated from the schema on
// the host): one control per key, its help text and the validator's problems beside it. A change posts
// `setKey` with the value as data; the host makes the edit, and the next `form` shows the text's value.
import { useEffect, useState } from 'preact/hooks';
import { parseToGraphWebview, type FormField, type FormValue, type StepForm } from '../shared/graphMessages.js';
import { send } from './vscodeApi.js';

/** The last form the host sent (listens on its own: the main loop leaves `form` to it). */
export function useStepForm(): StepForm | undefined {
  const [form, setForm] = useState<StepForm | undefined>();
  useEffect(() => {
    const onMessage = (ev: { data: unknown }) => {
      const msg = parseToGraphWebview(ev.data);
      if (msg?.type === 'form') setForm(msg.form);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);
  return form;
}

function domId(form: StepForm, f: FormField, part: string): string {
  return `f-${form.id}-${f.key.join('-')}-${part}`.replace(/[^\w-]/g, '_');
}

/** A text or number entry as typed: empty removes the key, a number field sends a number. */
function entered(f: FormField, text: string): FormValue {
  if (text === '') return null;
  if (f.kind === 'number') {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  return text;
}

function Control({ form, f, readOnly, described }: { form: StepForm; f: FormField; readOnly: boolean; described?: string }) {
  const id = domId(form, f, 'input');
  const set = (value: FormValue) => send('setKey', { id: form.id, key: f.key, value });
  const common = { id, disabled: readOnly, 'aria-describedby': described, 'aria-invalid': f.problems.some((p) => p.severity === 'error') || undefined, 'aria-required': f.required || undefined, 'data-key': f.key.join('.') };
  // Keyed by the value, so a value the host sends back replaces what the control shows.
  const key = `${id}:${String(f.value)}`;
  switch (f.kind) {
    case 'boolean':
      return <input key={key} type="checkbox" {...common} checked={f.value === true} onChange={(e) => set((e.currentTarget as HTMLInputElement).checked)} />;
    case 'enum':
      return (
        <select key={key} {...common} value={f.value === undefined ? '' : String(f.value)} onChange={(e) => set((e.currentTarget as HTMLSelectElement).value || null)}>
          <option value="">(not set)</option>
          {f.options!.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'other':
      return (
        <button key={key} type="button" class="link" {...common} disabled={false} onClick={() => send('select', { id: form.id })}>
          a list or mapping: edit it in the YAML
        </button>
      );
    default: {
      const text = f.value === undefined ? '' : String(f.value);
      const commit = (e: Event) => set(entered(f, (e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value));
      if (f.multiline) return <textarea key={key} {...common} rows={Math.min(12, text.split('\n').length + 1)} defaultValue={text} onChange={commit} />;
      return <input key={key} type={f.kind === 'number' ? 'number' : 'text'} {...common} defaultValue={text} onChange={commit} />;
    }
  }
}

function Field({ form, f, readOnly }: { form: StepForm; f: FormField; readOnly: boolean }) {
  const help = f.description ? domId(form, f, 'help') : undefined;
  const probs = f.problems.length ? domId(form, f, 'problems') : undefined;
  const described = [help, probs].filter(Boolean).join(' ') || undefined;
  const name = f.key[f.key.length - 1]!;
  return (
    <div class={`field${f.problems.length ? ' has-problems' : ''}`} data-field={f.key.join('.')}>
      <label for={domId(form, f, 'input')}>
        {name}
        {f.required ? (
          <span class="required" aria-hidden="true" title="required">
            {' '}
            *
          </span>
        ) : null}
      </label>
      <Control form={form} f={f} readOnly={readOnly} described={described} />
      {f.problems.length ? (
        <ul class="problems" id={probs}>
          {f.problems.map((p, i) => (
            <li key={i} class={`problem ${p.severity}`}>
              {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      {f.description ? (
        <small class="muted help" id={help}>
          {f.description}
        </small>
      ) : null}
    </div>
  );
}

/** The panel beside the canvas; disabled while the text does not parse. */
export function SideForm({ form, readOnly }: { form: StepForm; readOnly: boolean }) {
  const common = form.fields.filter((f) => f.key.length === 1);
  const params = form.fields.filter((f) => f.key[0] === 'with');
  return (
    <aside class="side-form" aria-label={`Step ${form.id}`} data-form={form.id}>
      <h2>
        {form.id}
        {form.type ? <span class="muted"> · {form.type}</span> : null}
      </h2>
      {form.note ? (
        <p class="form-note" role="note">
          {form.note}
        </p>
      ) : null}
      {form.problems.length ? (
        <ul class="problems">
          {form.problems.map((p, i) => (
            <li key={i} class={`problem ${p.severity}`}>
              {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      <form onSubmit={(e) => e.preventDefault()}>
        <fieldset disabled={readOnly}>
          <legend>Step</legend>
          {common.map((f) => (
            <Field key={f.key.join('.')} form={form} f={f} readOnly={readOnly} />
          ))}
        </fieldset>
        {params.length ? (
          <fieldset disabled={readOnly}>
            <legend>with{form.type ? ` (${form.type})` : ''}</legend>
            {params.map((f) => (
              <Field key={f.key.join('.')} form={form} f={f} readOnly={readOnly} />
            ))}
          </fieldset>
        ) : null}
      </form>
      <p class="muted hint">Empty a field to remove its key. * required.</p>
    </aside>
  );
}
