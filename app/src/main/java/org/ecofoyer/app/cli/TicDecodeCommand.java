package org.ecofoyer.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ecofoyer.drivers.tic.TicDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ecofoyer tic decode [--mode auto|historique|standard] FILE|-}. */
@Command(name = "decode", description = {
    "Decode raw TIC bytes (a capture file, or - for standard input).",
    "Prints one JSON object per frame that ended with ETX: mode, groups (valid groups, data as sent), horodates (ISO-8601),"
        + " invalid_groups. Interrupted or cut-off frames are not printed.",
    "Ends with a summary on standard error: frames=N groups=N invalid_groups=N interrupted=N noise_bytes=N."})
class TicDecodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--mode", defaultValue = "auto", paramLabel = "auto|historique|standard",
            description = "TIC mode, or auto to detect it from the stream (default: ${DEFAULT-VALUE}).")
    String mode;

    @Parameters(paramLabel = "FILE|-", description = "The capture to decode; - reads standard input.")
    String input;

    @Override
    public Integer call() throws IOException {
        TicDecoder decoder;
        PrintWriter out = spec.commandLine().getOut();
        decoder = TicDecoder.of(TicCommand.mode(spec, mode), f -> out.println(TicJson.line(f)));
        try (InputStream in = input.equals("-") ? System.in : Files.newInputStream(Path.of(input))) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                decoder.feed(buf, 0, n);
            }
        } catch (NoSuchFileException e) {
            throw new IOException("cannot read " + input + ": no such file");
        }
        decoder.endOfInput();
        out.flush();
        spec.commandLine().getErr().println(decoder.counters().summary());
        return 0;
    }
}
