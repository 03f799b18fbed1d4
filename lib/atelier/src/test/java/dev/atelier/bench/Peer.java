package dev.atelier.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a PyTorch peer script (from {@code src/test/python/peers}) as a child process right after
 * the course's own figures, echoes its output and reads its last line,
 * {@code PEER key=value ...} (tokens_per_second, tokens_per_cpu_second, threads, ...).
 */
final class Peer {
    private Peer() {}

    /** Debian's python3 (where {@code python3-torch} installs), else the first python3 on the PATH. */
    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Runs {@code python script args...}; returns the PEER line's values. */
    static Map<String, String> run(Path script, List<String> args) throws IOException, InterruptedException {
        return run(script, args, Map.of());
    }

    /** As {@link #run(Path, List)}, with {@code env} added to the child's environment (printed). */
    static Map<String, String> run(Path script, List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) throw new IllegalArgumentException("peer script not found: " + script);
        List<String> cmd = new ArrayList<>(List.of(python(), script.toString()));
        cmd.addAll(args);
        StringBuilder vars = new StringBuilder();
        env.forEach((k, v) -> vars.append(k).append('=').append(v).append(' '));
        System.out.println("peer: " + vars + String.join(" ", cmd));
        System.out.flush();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        Map<String, String> values = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println("  " + line);
                if (line.startsWith("PEER ")) {
                    values.clear();
                    for (String kv : line.substring(5).trim().split("\\s+")) {
                        String[] parts = kv.split("=", 2);
                        if (parts.length == 2) values.put(parts[0], parts[1]);
                    }
                }
            }
        }
        int status = p.waitFor();
        if (status != 0 || !values.containsKey("tokens_per_second"))
            throw new IOException("the peer " + script.getFileName() + " failed (exit " + status
                    + "); is PyTorch installed? (Debian: apt-get install python3-torch)");
        return values;
    }

    /** Prints ours, the peer's and the ratio ours/peer, of wall time and per CPU-second. */
    static void printRatio(String what, double oursWall, double oursCpu, Map<String, String> peer, int ourThreads) {
        double peerWall = Double.parseDouble(peer.get("tokens_per_second"));
        double peerCpu = Double.parseDouble(peer.getOrDefault("tokens_per_cpu_second", "NaN"));
        System.out.printf(Locale.ROOT, "%s: ours %,.0f tokens/s (%d math thread(s)), PyTorch %,.0f tokens/s (%s thread(s), "
                        + "%.1f cores busy): ratio ours/peer %.2f× (wall); per CPU-second %,.0f vs %,.0f: %.2f×%n",
                what, oursWall, ourThreads, peerWall, peer.getOrDefault("threads", "?"), peerWall / peerCpu, oursWall / peerWall,
                oursCpu, peerCpu, oursCpu / peerCpu);
        System.out.flush();
    }
}
