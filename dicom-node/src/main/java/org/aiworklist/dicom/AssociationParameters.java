package org.aiworklist.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The variable part shared by A-ASSOCIATE-RQ and A-ASSOCIATE-AC (PS3.8 9.3.2 and 9.3.3): AE titles,
 * application context, presentation contexts and the user information we use (maximum length, implementation
 * identification, SCP/SCU role selection). Other user information sub-items (asynchronous operations, extended
 * negotiation) are read past and not answered, which leaves them at their defaults.
 */
record AssociationParameters(
        String calledAeTitle,
        String callingAeTitle,
        String applicationContext,
        List<PresentationContext> presentationContexts,
        int maxPduLength,
        String implementationClassUid,
        String implementationVersionName,
        List<RoleSelection> roleSelections) {
    static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    /** Our implementation class UID: a 2.25 UUID-derived UID, fixed for this implementation. */
    static final String IMPLEMENTATION_CLASS_UID = "2.25.178924330276380823145702413427766474113";

    static final String IMPLEMENTATION_VERSION_NAME = "AIWORKLIST_01";

    AssociationParameters {
        presentationContexts = List.copyOf(presentationContexts);
        roleSelections = List.copyOf(roleSelections);
    }

    /**
     * SCP/SCU Role Selection sub-item (PS3.7 D.3.3.4): in a request, the roles the requestor proposes to take for
     * the SOP class; in an acceptance, which of them the acceptor agrees to.
     */
    record RoleSelection(String sopClassUid, boolean scu, boolean scp) {}

    /** The role selection for a SOP class, or null when none was negotiated (default roles apply). */
    RoleSelection roleSelection(String sopClassUid) {
        return roleSelections.stream()
                .filter(r -> r.sopClassUid().equals(sopClassUid))
                .findFirst()
                .orElse(null);
    }

    /** Encodes the PDU body (everything after the 6-byte PDU header). */
    byte[] encode(boolean accept) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        out.write(0);
        out.write(1); // protocol version 1
        out.write(0);
        out.write(0);
        out.writeBytes(paddedAe(calledAeTitle));
        out.writeBytes(paddedAe(callingAeTitle));
        out.writeBytes(new byte[32]);
        item(out, 0x10, ascii(applicationContext));
        for (PresentationContext pc : presentationContexts) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(pc.id());
            body.write(0);
            body.write(accept ? pc.result() : 0);
            body.write(0);
            if (!accept) {
                item(body, 0x30, ascii(pc.abstractSyntax()));
            }
            for (String ts : pc.transferSyntaxes()) {
                item(body, 0x40, ascii(ts));
            }
            item(out, accept ? 0x21 : 0x20, body.toByteArray());
        }
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, ByteBuffer.allocate(4).putInt(maxPduLength).array());
        item(user, 0x52, ascii(implementationClassUid));
        for (RoleSelection role : roleSelections) {
            byte[] uid = ascii(role.sopClassUid());
            ByteBuffer sub = ByteBuffer.allocate(4 + uid.length)
                    .putShort((short) uid.length)
                    .put(uid)
                    .put((byte) (role.scu() ? 1 : 0))
                    .put((byte) (role.scp() ? 1 : 0));
            item(user, 0x54, sub.array());
        }
        item(user, 0x55, ascii(implementationVersionName));
        item(out, 0x50, user.toByteArray());
        return out.toByteArray();
    }

    /** Decodes an A-ASSOCIATE-RQ or -AC PDU body. */
    static AssociationParameters decode(byte[] body, int length, boolean accept) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(body, 0, length);
        if (length < 68) {
            throw new IOException("A-ASSOCIATE PDU too short: " + length);
        }
        if ((b.getShort(0) & 1) == 0) {
            throw new UnsupportedProtocolVersion();
        }
        String called = new String(body, 4, 16, StandardCharsets.US_ASCII).strip();
        String calling = new String(body, 20, 16, StandardCharsets.US_ASCII).strip();
        b.position(68);
        String appContext = null;
        List<PresentationContext> contexts = new ArrayList<>();
        int maxPdu = 0;
        String implClass = null;
        String implVersion = null;
        List<RoleSelection> roles = new ArrayList<>();
        while (b.remaining() >= 4) {
            int type = b.get() & 0xff;
            b.get();
            int len = b.getShort() & 0xffff;
            ByteBuffer item = slice(b, len);
            switch (type) {
                case 0x10 -> appContext = text(item);
                case 0x20, 0x21 -> contexts.add(decodeContext(item, accept));
                case 0x50 -> {
                    while (item.remaining() >= 4) {
                        int subType = item.get() & 0xff;
                        item.get();
                        ByteBuffer sub = slice(item, item.getShort() & 0xffff);
                        switch (subType) {
                            case 0x51 -> maxPdu = sub.remaining() >= 4 ? sub.getInt() : 0;
                            case 0x52 -> implClass = text(sub);
                            case 0x54 -> roles.add(decodeRole(sub));
                            case 0x55 -> implVersion = text(sub);
                            default -> {} // async window, extended negotiation: defaults apply
                        }
                    }
                }
                default -> {} // unknown items are ignored, as PS3.8 9.3.1 asks
            }
        }
        return new AssociationParameters(called, calling, appContext, contexts, maxPdu, implClass, implVersion, roles);
    }

    private static RoleSelection decodeRole(ByteBuffer sub) throws IOException {
        int uidLength = sub.remaining() >= 2 ? sub.getShort() & 0xffff : -1;
        if (uidLength < 0 || sub.remaining() != uidLength + 2) {
            throw new IOException("malformed SCP/SCU role selection sub-item");
        }
        String uid = text(slice(sub, uidLength));
        return new RoleSelection(uid, sub.get() == 1, sub.get() == 1);
    }

    private static PresentationContext decodeContext(ByteBuffer item, boolean accept) throws IOException {
        if (item.remaining() < 4) {
            throw new IOException("presentation context item too short");
        }
        int id = item.get() & 0xff;
        item.get();
        int result = item.get() & 0xff;
        item.get();
        String abstractSyntax = null;
        List<String> ts = new ArrayList<>();
        while (item.remaining() >= 4) {
            int type = item.get() & 0xff;
            item.get();
            ByteBuffer sub = slice(item, item.getShort() & 0xffff);
            if (type == 0x30) {
                abstractSyntax = text(sub);
            } else if (type == 0x40) {
                ts.add(text(sub));
            }
        }
        return new PresentationContext(id, abstractSyntax, ts, accept ? result : PresentationContext.ACCEPTANCE);
    }

    private static ByteBuffer slice(ByteBuffer b, int len) throws IOException {
        if (len > b.remaining()) {
            throw new IOException("item length " + len + " runs past the PDU");
        }
        ByteBuffer s = b.slice();
        s.limit(len);
        b.position(b.position() + len);
        return s;
    }

    /** UIDs on the wire may be padded with NUL (PS3.8 9.3.2.1) or a space. */
    private static String text(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == 0 || bytes[end - 1] == ' ')) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }

    private static void item(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type);
        out.write(0);
        out.write(value.length >> 8);
        out.write(value.length);
        out.writeBytes(value);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] paddedAe(String ae) {
        byte[] out = "                ".getBytes(StandardCharsets.US_ASCII);
        byte[] src = ascii(ae);
        System.arraycopy(src, 0, out, 0, Math.min(16, src.length));
        return out;
    }

    /** The RQ asks for a protocol version we do not speak (bit 0 of the version field is not set). */
    static final class UnsupportedProtocolVersion extends IOException {
        UnsupportedProtocolVersion() {
            super("protocol version 1 not offered");
        }
    }
}
