import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Field } from '../directory/fields';
import { ApiForm } from './ApiForm';

/** A labelled text area with a send button that posts the text and clears it, e.g. a thread message or a question. */
export function TextMessageForm({ label, fieldLabel, onSend }: { label: string; fieldLabel: string; onSend(text: string): Promise<void> }) {
  const [text, setText] = useState('');
  return (
    <ApiForm
      label={label}
      onSubmit={async () => {
        await onSend(text.trim());
        setText('');
      }}
    >
      <Field label={fieldLabel} value={text} onChange={setText} multiline isRequired />
      <div className="button-row">
        <Button type="submit" className="button">
          {label}
        </Button>
      </div>
    </ApiForm>
  );
}
