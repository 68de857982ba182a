package org.aiworklist.dicom;

import java.io.IOException;
import org.aiworklist.common.PhiSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C-STORE on the Storage SCP. What can be decided from the command is answered at once (its data set is then
 * drained); otherwise the data set streams to the spool as it arrives, within the instance size limit and the
 * disk's watermark, and the whole instance goes to the {@link StoreStep}.
 */
final class StoreHandler implements DimseHandler {
    private static final Logger log = LoggerFactory.getLogger(StoreHandler.class);
    /** How often, in data set bytes, a transfer looks at the spool's free space again. */
    private static final long DISK_CHECK_INTERVAL_BYTES = 16L << 20;

    private final StorageScp scp;
    private final StoreStep step;

    StoreHandler(StorageScp scp, StoreStep step) {
        this.scp = scp;
        this.step = step;
    }

    @Override
    public DimseRequest begin(CommandSet command, PresentationContext context, Caller caller) throws IOException {
        if (!command.hasDataSet()) {
            throw new ProtocolViolation(AbortReasons.INVALID_PDU_PARAMETER, "C-STORE without a data set");
        }
        String sopClass = command.uid(CommandSet.AFFECTED_SOP_CLASS_UID);
        String sopInstance = command.uid(CommandSet.AFFECTED_SOP_INSTANCE_UID);
        if (sopClass == null || sopInstance == null || !sopClass.equals(context.abstractSyntax())) {
            return answered(caller, DimseStatus.SOP_CLASS_NOT_SUPPORTED);
        }
        if (!scp.hasResources()) {
            log.warn("C-STORE from {} refused: spool disk below watermark or sink full", caller.aeTitle());
            return answered(caller, DimseStatus.OUT_OF_RESOURCES);
        }
        StoreStep.Command c = new StoreStep.Command(sopClass, sopInstance, context.transferSyntax(), caller);
        return new Transfer(scp.spool().begin(sopClass, sopInstance, c.transferSyntaxUid(), caller.aeTitle()), c);
    }

    private DimseRequest answered(Caller caller, int status) {
        scp.intake().answered(caller.aeTitle(), status);
        return DimseRequest.answered(status);
    }

    /** One data set on its way to the spool. */
    private final class Transfer implements DimseRequest {
        private final StoreStep.Command command;
        /** Null once the transfer is refused: the partial file is gone and the rest is drained. */
        private Spool.Incoming incoming;

        private long bytesSinceDiskCheck;

        Transfer(Spool.Incoming incoming, StoreStep.Command command) {
            this.incoming = incoming;
            this.command = command;
        }

        /**
         * Spools data set bytes unless the instance grows past its limit or the spool's disk past its watermark;
         * then the partial file is dropped (never acknowledged, so the sender still owns it).
         */
        @Override
        public void data(byte[] b, int off, int n) throws IOException {
            if (incoming == null) {
                return;
            }
            String refusal = null;
            long max = scp.limits().maxInstanceBytes();
            if (incoming.size() + n > max) {
                refusal = "instance larger than " + max + " bytes (ingest.maxInstanceMb)";
            } else if ((bytesSinceDiskCheck += n) >= DISK_CHECK_INTERVAL_BYTES) {
                bytesSinceDiskCheck = 0;
                if (!scp.spoolHasRoom()) {
                    refusal = "spool disk below its free-space watermark during the transfer";
                }
            }
            if (refusal == null) {
                incoming.write(b, off, n);
                return;
            }
            log.warn(
                    "C-STORE of instance {} from {} refused, answered A700: {}",
                    PhiSafe.hash(command.sopInstanceUid()),
                    command.caller().aeTitle(),
                    refusal);
            abandon();
        }

        @Override
        public int status() {
            int status;
            if (incoming == null) {
                status = DimseStatus.OUT_OF_RESOURCES;
            } else {
                Spool.Incoming complete = incoming;
                incoming = null;
                status = step.store(complete, command);
            }
            scp.intake().answered(command.caller().aeTitle(), status);
            return status;
        }

        /**
         * The sender now reads the answer and prepares its next instance: meanwhile, a file for that one. Not
         * after a failure: a full disk or a refused instance should not leave another file behind.
         */
        @Override
        public void afterAnswer(int status) {
            if (status != DimseStatus.SUCCESS) {
                return;
            }
            scp.spool().prepareNext();
        }

        @Override
        public void abandon() {
            if (incoming != null) {
                scp.spool().discard(incoming);
                incoming = null;
            }
        }
    }
}
