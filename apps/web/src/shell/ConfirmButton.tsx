import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useI18n } from '../i18n';

/** A button that asks before doing something that cannot be undone (an accessible alert dialog). */
export function ConfirmButton({
  label,
  accessibleLabel,
  question,
  hint,
  onConfirm,
}: {
  label: string;
  accessibleLabel?: string;
  question: string;
  hint?: string;
  onConfirm(): void;
}) {
  const { t } = useI18n();
  return (
    <DialogTrigger>
      <Button className="button button-danger" aria-label={accessibleLabel}>
        {label}
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title">{question}</Heading>
                {hint && <p>{hint}</p>}
                <div className="button-row">
                  <Button className="button button-quiet-dark" onPress={close} autoFocus>
                    {t.cancel}
                  </Button>
                  <Button
                    className="button button-danger"
                    onPress={() => {
                      close();
                      onConfirm();
                    }}
                  >
                    {label}
                  </Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
