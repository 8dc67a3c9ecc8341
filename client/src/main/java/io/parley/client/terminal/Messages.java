package io.parley.client.terminal;

import io.parley.protocol.text.VisibleText;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The interactive client's sentences in one language, like a resource bundle with checked keys. */
final class Messages {
    private final Map<Text, String> templates;

    private Messages(Map<Text, String> templates) {
        this.templates = templates;
    }

    /** {@code "en"} (the default when null or empty) or {@code "zh"}, the seed's own Chinese texts. */
    static Messages forLanguage(String lang) {
        String code = lang == null || lang.isBlank() ? "en" : lang.strip().toLowerCase(Locale.ROOT);
        return switch (code) {
            case "en" -> new Messages(EnglishText.TEMPLATES);
            case "zh" -> new Messages(ChineseText.TEMPLATES);
            default -> throw new IllegalArgumentException("lang: " + lang + " (expected: en or zh)");
        };
    }

    /**
     * The sentence for {@code key} with {@code args} filled in. Text arguments are made visible first
     * ({@link VisibleText#of}: ESC as {@code ^[}, a bidi override as {@code <U+202E>}): they carry other
     * people's names, messages and group names, which must never reach the terminal raw.
     */
    String get(Text key, Object... args) {
        String template = Objects.requireNonNull(templates.get(key), key::name);
        if (args.length == 0) {
            return template;
        }
        Object[] shown = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            shown[i] = args[i] instanceof String s ? VisibleText.of(s) : args[i];
        }
        return String.format(Locale.ROOT, template, shown);
    }
}
