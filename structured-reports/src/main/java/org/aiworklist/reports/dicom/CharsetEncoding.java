package org.aiworklist.reports.dicom;

import com.pixelmed.dicom.SpecificCharacterSet;
import java.nio.charset.Charset;

/**
 * PixelMed's character set handler backed by a Java charset, for the sets PixelMed does not write itself
 * (it writes no ISO 2022 escapes and does not know ISO_IR 203).
 */
final class CharsetEncoding extends SpecificCharacterSet {
    private final Charset charset;

    CharsetEncoding(Charset charset) {
        super((String[]) null);
        this.charset = charset;
    }

    @Override
    public byte[] translateStringToByteArray(String string) {
        return string.getBytes(charset);
    }

    @Override
    public String translateByteArrayToString(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, charset);
    }

    @Override
    public String toString() {
        return charset.name();
    }
}
