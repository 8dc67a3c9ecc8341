package io.parley.client.terminal;

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

    String get(Text key, Object... args) {
        String template = Objects.requireNonNull(templates.get(key), key::name);
        return args.length == 0 ? template : String.format(Locale.ROOT, template, args);
    }
}
