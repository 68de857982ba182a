package org.aiworklist.inference.engine;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.aiworklist.inference.manifest.ModelManifest;

/**
 * A model loaded once on its chosen engine, with a pool of warmed-up predictors: DJL predictors are not
 * thread-safe, so each concurrent caller borrows its own and returns it.
 */
public final class LoadedModel implements AutoCloseable {
    private final ModelManifest manifest;
    private final EngineSelection engine;
    private final Model model;
    private final List<Predictor<NDList, NDList>> all;
    private final BlockingQueue<Predictor<NDList, NDList>> idle;
    private final SessionOptions sessionOptions;

    /** @param sessionOptions ONNX Runtime options DJL was given and does not close itself; may be null */
    LoadedModel(
            ModelManifest manifest, EngineSelection engine, Model model, int workers, SessionOptions sessionOptions) {
        this.manifest = manifest;
        this.engine = engine;
        this.model = model;
        this.sessionOptions = sessionOptions;
        this.all = new ArrayList<>(workers);
        this.idle = new ArrayBlockingQueue<>(workers);
        for (int i = 0; i < workers; i++) {
            Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator());
            all.add(predictor);
            idle.add(predictor);
        }
    }

    /** Output of one model call: values row-major with their shape. */
    public record Output(float[] values, long[] shape) {}

    public ModelManifest manifest() {
        return manifest;
    }

    public EngineSelection engine() {
        return engine;
    }

    /** Runs one batch, input row-major with {@code shape} (e.g. N, C, H, W); waits for a free predictor. */
    public Output run(float[] input, long[] shape) {
        return call(input, shape, false).get(0);
    }

    /** As {@link #run}, for a model with several outputs: every output, in the model's order, as floats. */
    public List<Output> runAll(float[] input, long[] shape) {
        return call(input, shape, true);
    }

    private List<Output> call(float[] input, long[] shape, boolean all) {
        Predictor<NDList, NDList> predictor;
        try {
            predictor = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a predictor of " + manifest.label(), e);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList out = predictor.predict(new NDList(manager.create(input, new Shape(shape))));
            out.attach(manager);
            List<Output> outputs = new ArrayList<>();
            for (NDArray array : all ? out : out.subNDList(0, 1)) {
                NDArray floats =
                        array.getDataType() == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
                outputs.add(new Output(floats.toFloatArray(), array.getShape().getShape()));
            }
            return outputs;
        } catch (TranslateException e) {
            throw new IllegalStateException(
                    manifest.label() + " failed on " + engine.kind() + ": " + e.getMessage(), e);
        } finally {
            idle.add(predictor);
        }
    }

    /** Runs every predictor once so that lazy initialisation (and TensorRT engine builds) happen at load. */
    void warmUp(long[] shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] zeros = new float[n];
        List<Predictor<NDList, NDList>> borrowed = new ArrayList<>();
        idle.drainTo(borrowed);
        try {
            for (Predictor<NDList, NDList> predictor : borrowed) {
                try (NDManager manager = model.getNDManager().newSubManager()) {
                    predictor
                            .predict(new NDList(manager.create(zeros, new Shape(shape))))
                            .attach(manager);
                } catch (TranslateException e) {
                    throw new IllegalStateException("warm-up failed: " + e.getMessage(), e);
                }
            }
        } finally {
            idle.addAll(borrowed);
        }
    }

    @Override
    public void close() {
        all.forEach(Predictor::close);
        model.close();
        if (sessionOptions != null) {
            sessionOptions.close();
        }
    }
}
