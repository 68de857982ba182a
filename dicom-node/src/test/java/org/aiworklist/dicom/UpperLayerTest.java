package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

/** The shared upper layer: association states, message assembly, dispatch and the association's log name. */
class UpperLayerTest {
    @TempDir
    Path dir;

    @Test
    void pDataBeforeAssociateRequestIsAbortedAsUnexpected() throws Exception {
        try (ScpFixture f = new ScpFixture(dir);
                Socket s = new Socket(InetAddress.getLoopbackAddress(), f.scp.port());
                Association a = new Association(s)) {
            a.writePdu(Association.P_DATA_TF, new byte[] {0, 0, 0, 2, 1, 3});
            a.setTimeout(10_000);
            assertEquals(Association.A_ABORT, a.readPdu());
            assertEquals(AbortReasons.SOURCE_SERVICE_PROVIDER, a.body()[2]);
            assertEquals(AbortReasons.UNEXPECTED_PDU, a.body()[3]);
        }
    }

    @Test
    void statesAllowOnlyTheirPdus() throws Exception {
        assertEquals(AssociationState.ESTABLISHED, AssociationState.ESTABLISHED.received(Association.P_DATA_TF));
        assertEquals(AssociationState.ABORTED, AssociationState.AWAITING_RELEASE_RP.received(Association.A_ABORT));
        ProtocolViolation v = assertThrows(
                ProtocolViolation.class, () -> AssociationState.ESTABLISHED.received(Association.A_ASSOCIATE_RQ));
        assertEquals(AbortReasons.UNEXPECTED_PDU, v.abortReason());
        assertThrows(
                ProtocolViolation.class, () -> AssociationState.AWAITING_RELEASE_RP.received(Association.P_DATA_TF));
    }

    @Test
    void commandSetsAreBoundedOnEitherSide() {
        DimseMessageAssembler assembler = new DimseMessageAssembler();
        byte[] fragment = RawPdv.item(1, DimseMessageAssembler.CONTROL_COMMAND, new byte[40_000]);
        ProtocolViolation v = assertThrows(ProtocolViolation.class, () -> {
            assembler.feed(fragment, fragment.length, null);
            assembler.feed(fragment, fragment.length, null);
        });
        assertEquals(AbortReasons.INVALID_PDU_PARAMETER, v.abortReason());
    }

    @Test
    void dataWithoutItsCommandIsAViolation() {
        byte[] data = RawPdv.item(1, DimseMessageAssembler.CONTROL_LAST, new byte[10]);
        assertThrows(ProtocolViolation.class, () -> new DimseMessageAssembler().feed(data, data.length, null));
    }

    @Test
    void requestsNoHandlerServesAreAnswered0211() throws Exception {
        try (ScpFixture f = new ScpFixture(dir)) {
            try (Association a = f.requestVerification("MODALITY")) {
                CommandSet find = new CommandSet()
                        .putUid(CommandSet.AFFECTED_SOP_CLASS_UID, Uids.VERIFICATION)
                        .putUs(CommandSet.COMMAND_FIELD, 0x0020)
                        .putUs(CommandSet.MESSAGE_ID, 3) // C-FIND-RQ
                        .putUs(CommandSet.COMMAND_DATA_SET_TYPE, CommandSet.NO_DATA_SET);
                a.sendCommand(1, find);
                CommandSet rsp = a.readCommand();
                assertEquals(DimseStatus.UNRECOGNIZED_OPERATION, rsp.us(CommandSet.STATUS));
                assertEquals(0, Verification.echo(f.ae(), "MODALITY"), "the node still answers");
                a.release();
            }
        }
    }

    @Test
    void associationNameIsInTheMdcWhileItLastsAndTheOuterOneComesBack() {
        MDC.put(AssociationMdc.KEY, "outer");
        try (AssociationMdc mdc = AssociationMdc.inbound()) {
            mdc.callingAe("MODALITY\n");
            String name = MDC.get(AssociationMdc.KEY);
            assertTrue(name.matches("a\\d+ MODALITY\\\\x0A"), name);
        }
        assertEquals("outer", MDC.get(AssociationMdc.KEY));
        MDC.remove(AssociationMdc.KEY);
        try (AssociationMdc ignored = AssociationMdc.outbound("AIW", new RemoteApplicationEntity("PACS", "h", 104))) {
            assertTrue(MDC.get(AssociationMdc.KEY).endsWith(" AIW->PACS"));
        }
        assertNull(MDC.get(AssociationMdc.KEY));
    }
}
