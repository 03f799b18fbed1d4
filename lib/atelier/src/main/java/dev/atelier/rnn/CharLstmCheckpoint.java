package dev.atelier.rnn;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atelier.text.CharVocabulary;
import dev.atelier.train.CheckpointArchive;
import dev.atelier.train.Checkpoints;
import dev.atelier.train.TrainingListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.atelier.rnn.CharLstmModel.KIND;
import static dev.atelier.rnn.CharLstmModel.Config;

/**
 * The checkpoint format of {@link CharLstmModel} on the course's {@link CheckpointArchive}:
 * a JSON header (kind {@value CharLstmModel#KIND}, version, vocabulary, hyper-parameters,
 * progress, loss history, parameter count) and one entry, DL4J's network with its Adam state.
 */
final class CharLstmCheckpoint {
    private static final int VERSION = 1;
    private static final String NETWORK_ENTRY = "dl4j-network.zip";

    private CharLstmCheckpoint() {}

    /** Writes {@code m} to {@code file} atomically (a temporary file renamed into place). */
    static void save(CharLstmModel m, Path file) throws IOException {
        byte[] network = CheckpointArchive.bytes(out -> ModelSerializer.writeModel(m.network(), out, true));
        Map<String, Checkpoints.Writer> entries = new LinkedHashMap<>();
        entries.put(NETWORK_ENTRY, out -> out.write(network));
        CheckpointArchive.write(file, KIND, VERSION, header(m), entries);
    }

    static JsonObject header(CharLstmModel m) {
        Gson gson = new Gson();
        JsonObject h = new JsonObject();
        h.addProperty("vocabulary", m.vocabulary().characters());
        h.add("config", gson.toJsonTree(m.config()));
        JsonObject progress = new JsonObject();
        progress.addProperty("steps", m.steps);
        progress.addProperty("windowsDrawn", m.windowsDrawn);
        progress.addProperty("tokens", m.tokens);
        progress.addProperty("elapsedSeconds", m.elapsedSeconds);
        h.add("progress", progress);
        JsonArray stepRows = new JsonArray();
        for (TrainingListener.StepEvent s : m.history.steps()) {
            JsonArray r = new JsonArray();
            r.add(s.step()); r.add(s.loss()); r.add(s.tokens()); r.add(s.elapsedSeconds());
            stepRows.add(r);
        }
        JsonArray evalRows = new JsonArray();
        for (TrainingListener.EvaluationEvent e : m.history.evaluations()) {
            JsonArray r = new JsonArray();
            r.add(e.step()); r.add(e.trainLoss()); r.add(e.validationLoss()); r.add(e.elapsedSeconds());
            evalRows.add(r);
        }
        JsonObject hist = new JsonObject();
        hist.add("steps", stepRows);       // [step, loss, tokens, elapsedSeconds]
        hist.add("evaluations", evalRows); // [step, trainLoss, validationLoss, elapsedSeconds]
        h.add("history", hist);
        h.addProperty("parameters", m.parameterCount());
        return h;
    }

    static CharLstmModel load(Path file) throws IOException {
        CheckpointArchive.Contents c = CheckpointArchive.read(file);
        if (!CharLstmModel.KIND.equals(c.kind()))
            throw new IOException("checkpoint " + file + " holds a '" + c.kind() + "' model, not a " + KIND + " model");
        if (c.version() != VERSION)
            throw new IOException("checkpoint " + file + " is " + KIND + " format version " + c.version()
                    + "; this code reads version " + VERSION);
        JsonObject h = c.header();
        CharVocabulary vocab;
        Config config;
        try {
            vocab = CharVocabulary.fromCharacters(h.get("vocabulary").getAsString());
            config = new Gson().fromJson(h.get("config"), Config.class);
            if (config == null) throw new IllegalArgumentException("no config");
            config = new Config(config.layers(), config.hidden(), config.seqLen(), config.segments(), config.batch(),
                    config.learningRate(), config.clip(), config.seed(), config.evalEvery(), config.evalChars(), config.fused());
        } catch (RuntimeException e) {
            throw new IOException("checkpoint " + file + " has an invalid header: " + e.getMessage(), e);
        }
        MultiLayerNetwork net;
        try {
            net = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(c.entry(NETWORK_ENTRY)), true);
        } catch (IOException | RuntimeException e) {
            throw new IOException("checkpoint " + file + ": cannot read the DL4J network in entry '" + NETWORK_ENTRY + "': " + e.getMessage(), e);
        }
        verifyShape(file, net, vocab, config);
        CharLstmModel m = CharLstmModel.restored(config, vocab, net);
        JsonObject p = h.getAsJsonObject("progress");
        m.steps = p.get("steps").getAsInt();
        m.windowsDrawn = p.get("windowsDrawn").getAsLong();
        m.tokens = p.get("tokens").getAsLong();
        m.elapsedSeconds = p.get("elapsedSeconds").getAsDouble();
        JsonObject hist = h.getAsJsonObject("history");
        int total = m.steps;
        for (var row : hist.getAsJsonArray("steps")) {
            JsonArray r = row.getAsJsonArray();
            m.history.onStep(new TrainingListener.StepEvent(r.get(0).getAsInt(), total, r.get(1).getAsDouble(),
                    r.get(2).getAsLong(), r.get(3).getAsDouble()));
        }
        for (var row : hist.getAsJsonArray("evaluations")) {
            JsonArray r = row.getAsJsonArray();
            m.history.onEvaluation(new TrainingListener.EvaluationEvent(r.get(0).getAsInt(), asDouble(r.get(1)),
                    asDouble(r.get(2)), r.get(3).getAsDouble()));
        }
        return m;
    }

    private static double asDouble(com.google.gson.JsonElement e) {
        return e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    private static void verifyShape(Path file, MultiLayerNetwork net, CharVocabulary vocab, Config config) throws IOException {
        List<String> problems = new ArrayList<>();
        int n = net.getnLayers();
        if (n != config.layers() + 1)
            problems.add("the header says " + config.layers() + " LSTM layers + 1 output layer, the network has " + n + " layers");
        for (int l = 0; l < n; l++) {
            var conf = net.getLayer(l).conf().getLayer();
            if (!(conf instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer ff)) continue;
            boolean last = l == n - 1;
            long expectIn = l == 0 ? vocab.size() : config.hidden();
            long expectOut = last ? vocab.size() : config.hidden();
            if (ff.getNIn() != expectIn || ff.getNOut() != expectOut)
                problems.add(String.format(Locale.ROOT, "layer %d is %d→%d but the vocabulary (%d characters) and hidden size %d need %d→%d",
                        l, ff.getNIn(), ff.getNOut(), vocab.size(), config.hidden(), expectIn, expectOut));
        }
        if (!problems.isEmpty())
            throw new IOException("checkpoint " + file + " does not fit together: " + String.join("; ", problems));
    }
}
