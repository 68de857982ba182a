package org.aiworklist.inference.detect;

import static org.aiworklist.inference.volume.VolumeException.Reason.OUTSIDE_INPUT_CONTRACT;

import org.aiworklist.common.ImageSlice;
import org.aiworklist.inference.manifest.InputContract;
import org.aiworklist.inference.manifest.ModelManifest;
import org.aiworklist.inference.volume.ModelGrid;
import org.aiworklist.inference.volume.Volume;
import org.aiworklist.inference.volume.VolumeAssembler;
import org.aiworklist.inference.volume.VolumeException;

/** Checks each incoming slice against a model's input contract before its pixels are used. */
public final class SeriesContract implements VolumeAssembler.SliceCheck {
    /** |cos| between the slice normal and the axis above which a plane counts as axial, coronal or sagittal. */
    private static final double ORIENTATION_COS = 0.9;

    private final InputContract contract;
    /** Patient axis the slice normal must follow (0 x sagittal, 1 y coronal, 2 z axial), -1 for any. */
    private final int normalAxis;

    /**
     * Assembles a series at the model's spacing, checking it against the model's input contract as it streams in.
     *
     * @throws VolumeException when the series is inconsistent or outside the contract
     */
    public static Volume assemble(ModelManifest manifest, Iterable<ImageSlice> series) throws VolumeException {
        SeriesContract contract = new SeriesContract(manifest.input());
        VolumeAssembler assembler = VolumeAssembler.withSpacing(ModelGrid.targetSpacing(manifest.preprocessing()));
        if (manifest.input().planar()) {
            var it = series.iterator();
            if (!it.hasNext()) {
                throw new VolumeException(VolumeException.Reason.EMPTY, "no image");
            }
            ImageSlice image = it.next();
            contract.accept(image);
            return assembler.planar(image);
        }
        Volume volume = assembler.assemble(series, contract);
        contract.acceptVolume(volume);
        return volume;
    }

    SeriesContract(InputContract contract) {
        this.contract = contract;
        this.normalAxis = switch (contract.orientation()) {
            case "SAGITTAL" -> 0;
            case "CORONAL" -> 1;
            case "AXIAL" -> 2;
            default -> -1;
        };
    }

    @Override
    public void accept(ImageSlice slice) throws VolumeException {
        if (!contract.modality().equals(slice.modality())) {
            throw reject("modality " + slice.modality() + ", model needs " + contract.modality());
        }
        if (!contract.sopClasses().contains(slice.reference().sopClassUid())) {
            throw reject("SOP class " + slice.reference().sopClassUid() + " not accepted");
        }
        double thickness = slice.sliceThickness();
        if (thickness < contract.minSliceThicknessMm() || thickness > contract.maxSliceThicknessMm()) {
            throw reject("slice thickness " + thickness + " mm outside [" + contract.minSliceThicknessMm() + ", "
                    + contract.maxSliceThicknessMm() + "]");
        }
        double[] o = slice.imageOrientationPatient();
        if (normalAxis >= 0
                && o != null
                && o.length == 6
                && Math.abs(Volume.normalOf(o)[normalAxis]) < ORIENTATION_COS) {
            throw reject("slices are not " + contract.orientation());
        }
    }

    /** Checks what only the whole series can tell. */
    void acceptVolume(Volume volume) throws VolumeException {
        if (volume.sources().size() < contract.minSlices()) {
            throw reject(volume.sources().size() + " slices, model needs at least " + contract.minSlices());
        }
    }

    private static VolumeException reject(String why) {
        return new VolumeException(OUTSIDE_INPUT_CONTRACT, why);
    }
}
