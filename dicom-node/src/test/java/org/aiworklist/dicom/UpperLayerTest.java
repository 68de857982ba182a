package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        byte[] fragment = pdv(1, DimseMessageAssembler.CONTROL_COMMAND, 40_000);
        ProtocolViolation v = assertThrows(ProtocolViolation.class, () -> {
            assembler.feed(fragment, fragment.length, null);
            assembler.feed(fragment, fragment.length, null);
        });
        assertEquals(AbortReasons.INVALID_PDU_PARAMETER, v.abortReason());
    }

    @Test
    void dataWithoutItsCommandIsAViolation() {
        byte[] data = pdv(1, DimseMessageAssembler.CONTROL_LAST, 10);
        assertThrows(ProtocolViolation.class, () -> new DimseMessageAssembler().feed(data, data.length, null));
    }

    @Test
    void requestsNoHandlerServesAreAnswered0211() throws Exception {
        try (ScpFixture f = new ScpFixture(dir)) {
            List<PresentationContext> answered = new ArrayList<>();
            try (Association a = Association.request(
                    f.ae(),
                    "MODALITY",
                    List.of(PresentationContext.proposed(
                            1, Uids.VERIFICATION, List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN))),
                    answered)) {
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

    private static byte[] pdv(int contextId, int control, int valueLength) {
        byte[] item = new byte[6 + valueLength];
        int len = 2 + valueLength;
        item[0] = (byte) (len >>> 24);
        item[1] = (byte) (len >>> 16);
        item[2] = (byte) (len >>> 8);
        item[3] = (byte) len;
        item[4] = (byte) contextId;
        item[5] = (byte) control;
        return item;
    }
}
