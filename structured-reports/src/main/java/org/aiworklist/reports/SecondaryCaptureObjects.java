package org.aiworklist.reports;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.common.ImageReference;
import org.aiworklist.reports.SecondaryCaptureWriter.Layout;
import org.aiworklist.reports.dicom.Attrs;
import org.aiworklist.reports.dicom.Part10;

/**
 * Rendered frames as Secondary Capture objects in one series of the source study: one Multi-frame True Color SC
 * holding every frame, or one single-frame SC per frame. Shared by the findings' SC and the draft report's page.
 */
final class SecondaryCaptureObjects {
    /** A rendered frame and the source images it was derived from. */
    record Frame(BufferedImage image, List<ImageReference> sources) {}

    /**
     * What every object of one write shares.
     *
     * @param kind                 the series description's word for the objects ("SC", "draft page")
     * @param derivationDescription what was drawn from what (Derivation Description)
     * @param contentTexts         text drawn into the frames that the character set must be able to carry
     */
    record Context(
            DeviceIdentity device,
            AlgorithmIdentity algorithm,
            SourceSet src,
            AttributeList studySource,
            DerivedUids uids,
            String deviceUid,
            Layout layout,
            int seriesNumber,
            String kind,
            String derivationDescription,
            List<String> contentTexts) {}

    private SecondaryCaptureObjects() {}

    static List<WrittenObject> write(Context ctx, List<Frame> frames, Path outDir) throws IOException {
        boolean multiFrame = ctx.layout() == Layout.MULTI_FRAME_TRUE_COLOR;
        String sopClass = multiFrame
                ? SOPClass.MultiframeTrueColorSecondaryCaptureImageStorage
                : SOPClass.SecondaryCaptureImageStorage;
        List<List<Frame>> objects =
                multiFrame ? List.of(frames) : frames.stream().map(List::of).toList();
        ZonedDateTime now = ZonedDateTime.now(ZoneId.systemDefault()); // DICOM DA/TM: the device's local time
        String seriesUid = ctx.uids().scSeries(ctx.layout());
        List<WrittenObject> written = new ArrayList<>();
        for (int n = 1; n <= objects.size(); n++) {
            String sop = ctx.uids().scInstance(ctx.layout(), n);
            Path file = outDir.resolve(multiFrame ? "sc.dcm" : "sc-" + n + ".dcm");
            Part10.write(
                    header(ctx, seriesUid, sop, n, objects.get(n - 1), sopClass, now),
                    file,
                    ctx.device().aeTitle());
            written.add(new WrittenObject(file, sopClass, sop, seriesUid));
        }
        return written;
    }

    private static AttributeList header(
            Context ctx,
            String seriesUid,
            String sop,
            int instanceNumber,
            List<Frame> frames,
            String sopClass,
            ZonedDateTime now) {
        AlgorithmIdentity a = ctx.algorithm();
        DeviceIdentity device = ctx.device();
        AttributeList studySource = ctx.studySource();
        AttributeList list = new AttributeList();
        SpecificCharacterSet scs =
                ResultHeader.begin(list, studySource, a, device, ctx.deviceUid(), now, ctx.contentTexts());
        ResultHeader.identify(list, scs, sopClass, sop, "OT", seriesUid, ctx.seriesNumber(), ctx.kind(), a);
        Attrs.putSeriesLaterality(studySource, list);

        Attrs.put(list, TagFromName.ConversionType, "WSD");
        Attrs.put(list, TagFromName.SecondaryCaptureDeviceManufacturer, scs, device.manufacturer());
        Attrs.put(list, TagFromName.SecondaryCaptureDeviceManufacturerModelName, scs, Attrs.lo(device.nodeName()));
        Attrs.put(
                list,
                TagFromName.SecondaryCaptureDeviceSoftwareVersions,
                scs,
                device.softwareVersion(),
                Attrs.lo(a.name() + " " + a.version()));

        Attrs.put(list, TagFromName.InstanceNumber, Integer.toString(instanceNumber));
        Attrs.put(list, TagFromName.ImageType, "DERIVED", "SECONDARY");
        Attrs.put(list, TagFromName.PatientOrientation);
        Attrs.put(list, TagFromName.BurnedInAnnotation, "NO");
        Attrs.put(list, TagFromName.DerivationDescription, scs, ctx.derivationDescription());
        List<ImageReference> derivedFrom =
                frames.stream().flatMap(f -> f.sources().stream()).distinct().toList();
        Attrs.putSequence(
                list,
                TagFromName.SourceImageSequence,
                derivedFrom.stream().map(Attrs::sopReference).toList());
        if (derivedFrom.stream().anyMatch(r -> isLossy(ctx.src(), r))) {
            Attrs.put(list, TagFromName.LossyImageCompression, "01");
        }
        pixels(list, frames, sopClass);
        return list;
    }

    /** A derived image of a lossy source is itself lossy (PS3.3 C.7.6.1.1.5). */
    private static boolean isLossy(SourceSet src, ImageReference ref) {
        try {
            return Attrs.lossy(src.header(ref));
        } catch (IllegalArgumentException noFile) {
            return false;
        }
    }

    /** RGB, 8 bits, colour-by-pixel (Planar Configuration 0), frames concatenated. */
    private static void pixels(AttributeList list, List<Frame> frames, String sopClass) {
        int rows = frames.get(0).image().getHeight();
        int columns = frames.get(0).image().getWidth();
        Attrs.putPixelDescription(list, 3, "RGB", rows, columns, 8, 0);
        Attrs.put(list, TagFromName.PlanarConfiguration, "0");
        byte[] data = new byte[frames.size() * rows * columns * 3];
        int i = 0;
        for (Frame f : frames) {
            if (f.image().getHeight() != rows || f.image().getWidth() != columns) {
                throw new IllegalStateException("SC frames of one object differ in size");
            }
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < columns; x++) {
                    int rgb = f.image().getRGB(x, y);
                    data[i++] = (byte) (rgb >> 16);
                    data[i++] = (byte) (rgb >> 8);
                    data[i++] = (byte) rgb;
                }
            }
        }
        try {
            if (SOPClass.MultiframeTrueColorSecondaryCaptureImageStorage.equals(sopClass)) {
                Attrs.put(list, TagFromName.NumberOfFrames, Integer.toString(frames.size()));
            }
            if (frames.size() > 1) {
                // SC Multi-frame Vector module: frames are pages 1..n.
                AttributeTagAttribute pointer = new AttributeTagAttribute(TagFromName.FrameIncrementPointer);
                pointer.addValue(TagFromName.PageNumberVector);
                list.put(pointer);
                Attrs.put(
                        list,
                        TagFromName.PageNumberVector,
                        IntStream.rangeClosed(1, frames.size())
                                .mapToObj(Integer::toString)
                                .toArray(String[]::new));
            }
            OtherByteAttribute pixelData = new OtherByteAttribute(TagFromName.PixelData);
            pixelData.setValues(data);
            list.put(pixelData);
        } catch (DicomException e) {
            throw new IllegalStateException("cannot encode SC pixel data", e);
        }
    }
}
