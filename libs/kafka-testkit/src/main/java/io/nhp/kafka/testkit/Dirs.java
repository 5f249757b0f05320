package io.nhp.kafka.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directory helpers. */
final class Dirs {

    private static final System.Logger LOG = System.getLogger(Dirs.class.getName());

    private Dirs() {
    }

    /** Deletes a directory and everything in it; a failure is logged, not thrown (these are temp dirs). */
    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete " + dir, e);
        }
    }
}
