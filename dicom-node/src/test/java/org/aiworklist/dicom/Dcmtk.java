package org.aiworklist.dicom;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs dcmtk and dicom3tools command line tools with Nagle off (TCP_NODELAY=1), as the tests' real peers. Public
 * for the codec tests.
 */
public final class Dcmtk {
    record Result(int exitCode, String output) {}

    private Dcmtk() {}

    static Result run(String... command) throws IOException, InterruptedException {
        return run(List.of(command));
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = start(command);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), Charset.defaultCharset()));
    }

    static Process start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        return pb.start();
    }

    /** Converts every file with a dcmtk tool (e.g. "dcmcrle") plus options; returns the new files. */
    public static List<Path> convert(List<Path> files, Path outDir, String tool, String... options)
            throws IOException, InterruptedException {
        Files.createDirectories(outDir);
        List<Path> out = new ArrayList<>();
        for (Path f : files) {
            Path target = outDir.resolve(f.getFileName());
            List<String> cmd = new ArrayList<>(List.of(tool));
            cmd.addAll(List.of(options));
            cmd.add(f.toString());
            cmd.add(target.toString());
            Result r = run(cmd);
            if (r.exitCode() != 0) {
                throw new IOException(tool + " failed: " + r.output());
            }
            out.add(target);
        }
        return out;
    }

    /** storescu to 127.0.0.1 with only the contexts the files need (-R). */
    static Result storescu(int port, String calledAe, String callingAe, List<String> options, List<Path> files)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-R", "-aet", callingAe, "-aec", calledAe));
        cmd.addAll(options);
        cmd.add("127.0.0.1");
        cmd.add(Integer.toString(port));
        files.forEach(f -> cmd.add(f.toString()));
        return run(cmd);
    }
}
