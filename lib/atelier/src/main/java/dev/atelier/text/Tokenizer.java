package dev.atelier.text;

import java.util.Objects;

/**
 * Turns text into token ids and back, for a language model. Implementations: characters
 * ({@link #characters(CharVocabulary)}) and byte pairs ({@link BytePairTokenizer}).
 *
 * <p>Contract: {@code decode(encode(s)).equals(s)} for every text the tokenizer accepts; text it
 * cannot encode (a character outside a character vocabulary) is an {@link IllegalArgumentException}
 * that names the character and its position; ids are in {@code [0, size())}.
 */
public interface Tokenizer {

    /** Number of distinct tokens (the model's vocabulary size). */
    int size();

    /** The ids of {@code text}. */
    int[] encode(String text);

    /** The text of {@code ids}. */
    String decode(int[] ids);

    /** The text of one token, for labels of attention maps. */
    String token(int id);

    /** A short kind name saved in checkpoints: {@code "char"} or {@code "bpe"}. */
    String kind();

    /** What is needed to rebuild this tokenizer with {@link #restore(String, String)}. */
    String serialize();

    /** The tokenizer of {@code kind} from its {@link #serialize()} form. */
    static Tokenizer restore(String kind, String serialized) {
        Objects.requireNonNull(serialized, "serialized tokenizer");
        return switch (kind) {
            case "char" -> characters(CharVocabulary.fromCharacters(serialized));
            case "bpe" -> BytePairTokenizer.deserialize(serialized);
            default -> throw new IllegalArgumentException("unknown tokenizer kind '" + kind + "' (expected char or bpe)");
        };
    }

    /** One token per character (code point), with the ids of {@code vocabulary}. */
    static Tokenizer characters(CharVocabulary vocabulary) {
        Objects.requireNonNull(vocabulary, "vocabulary");
        return new Tokenizer() {
            @Override public int size() { return vocabulary.size(); }
            @Override public int[] encode(String text) { return vocabulary.encode(text); }
            @Override public String decode(int[] ids) { return vocabulary.decode(ids); }
            @Override public String token(int id) { return vocabulary.character(id); }
            @Override public String kind() { return "char"; }
            @Override public String serialize() { return vocabulary.characters(); }
            @Override public String toString() { return "character tokenizer of " + vocabulary.size() + " characters"; }
        };
    }
}
