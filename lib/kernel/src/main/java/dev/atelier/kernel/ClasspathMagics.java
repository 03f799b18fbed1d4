package dev.atelier.kernel;

import io.github.spencerpark.jupyter.kernel.magic.registry.LineMagic;
import io.github.spencerpark.jupyter.kernel.util.GlobFinder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code %jars glob...} and {@code %classpath glob...} with IJava's meaning: {@code %jars} adds the
 * regular files matching each glob (a trailing {@code /} means every file in that folder),
 * {@code %classpath} adds matching files and folders. Globs use {@code /}, {@code *} within one path
 * segment and {@code ?}; relative paths resolve from the kernel's working folder. Both return the
 * absolute paths they added.
 *
 * <p>One deliberate difference from IJava: a glob that matches nothing is an error naming the glob
 * and the folder it was resolved from (IJava silently adds nothing), because a silent no-op turns
 * into a confusing "cannot find symbol" two cells later.
 */
public final class ClasspathMagics {
    private final Consumer<Path> addToClasspath;

    ClasspathMagics(Consumer<Path> addToClasspath) {
        this.addToClasspath = addToClasspath;
    }

    @LineMagic(aliases = {"addJar"})
    public List<String> jars(List<String> args) throws IOException {
        return add("%jars", args, false);
    }

    @LineMagic(aliases = {"addClasspath"})
    public List<String> classpath(List<String> args) throws IOException {
        return add("%classpath", args, true);
    }

    private List<String> add(String magic, List<String> globs, boolean directoriesToo) throws IOException {
        if (globs.isEmpty()) throw new IllegalArgumentException(magic + " needs at least one path or glob, e.g. " + magic + " lib/*.jar");
        List<String> added = new ArrayList<>();
        for (String glob : globs) {
            List<Path> matches = new ArrayList<>();
            try {
                GlobFinder finder = new GlobFinder(glob);
                for (Path p : directoriesToo ? finder.computeMatchingPaths() : finder.computeMatchingFiles()) matches.add(p);
            } catch (IOException | RuntimeException e) {
                throw new IOException(magic + ": cannot resolve '" + glob + "' from " + cwd() + ": " + e.getMessage(), e);
            }
            if (matches.isEmpty()) {
                Path literal = Paths.get(glob);
                String hint = Files.isDirectory(literal) && !glob.endsWith("/") && !directoriesToo
                        ? " (it is a folder: write '" + glob + "/' to add every file in it)" : "";
                throw new IOException(magic + ": nothing matches '" + glob + "' (resolved from " + cwd() + ")" + hint);
            }
            for (Path p : matches) {
                addToClasspath.accept(p);
                added.add(p.toAbsolutePath().toString());
            }
        }
        return added;
    }

    private static String cwd() {
        return Paths.get("").toAbsolutePath().toString();
    }
}
