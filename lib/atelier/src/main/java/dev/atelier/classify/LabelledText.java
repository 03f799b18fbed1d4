package dev.atelier.classify;

/**
 * One example for a classifier: a piece of text and the class it belongs to.
 *
 * <p>Contract: the label is not blank and has no tab or line break; the text is not blank.
 *
 * @param label the class, e.g. {@code "austen"} or {@code "positive"}
 * @param text  the sentence
 */
public record LabelledText(String label, String text) {
    /**
     * Checks the contract.
     *
     * @param label the class
     * @param text  the sentence
     */
    public LabelledText {
        if (label == null || label.isBlank())
            throw new IllegalArgumentException("empty label for text '" + text + "'");
        if (label.indexOf('\t') >= 0 || label.indexOf('\n') >= 0 || label.indexOf('\r') >= 0)
            throw new IllegalArgumentException("label '" + label + "' contains a tab or line break");
        if (text == null || text.isBlank())
            throw new IllegalArgumentException("empty text for label '" + label + "'");
    }
}
