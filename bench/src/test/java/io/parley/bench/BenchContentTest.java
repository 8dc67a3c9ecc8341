package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchContentTest {
    private final Content content = new Content("run1", 64);
    private final Content.Parsed parsed = new Content.Parsed();

    @Test
    void aMessageCarriesItsStampAndNumberAndHasTheRequestedLength() {
        String text = content.encode(-123_456_789_012L, 42);

        assertThat(text).hasSize(64).startsWith("run1|-123456789012|42|");
        assertThat(content.parse(text, parsed)).isTrue();
        assertThat(parsed.stamp).isEqualTo(-123_456_789_012L);
        assertThat(parsed.n).isEqualTo(42);
    }

    @Test
    void aShortLengthStillCarriesTheWholeStamp() {
        Content tiny = new Content("r", 1);

        assertThat(tiny.parse(tiny.encode(Long.MAX_VALUE / 10, 7), parsed)).isTrue();
        assertThat(parsed.n).isEqualTo(7);
    }

    @Test
    void messagesOfAnotherRunOrFromPeopleAreNotParsed() {
        assertThat(content.parse(new Content("run2", 64).encode(1, 1), parsed)).isFalse();
        assertThat(content.parse("run1x|1|1|", parsed)).isFalse();
        assertThat(content.parse("run1|12|", parsed)).isFalse();
        assertThat(content.parse("run1|1a|1|", parsed)).isFalse();
        assertThat(content.parse("run1|1|0|", parsed)).isFalse();
        assertThat(content.parse("hello", parsed)).isFalse();
    }
}
