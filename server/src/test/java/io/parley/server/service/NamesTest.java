package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void compatibilityLookAlikesFoldToOneSpelling() {
        assertThat(Names.userName("ｔｏｍ")).isEqualTo("tom");
        assertThat(Names.userName("ﬁsh")).isEqualTo("fish");
        assertThat(Names.userName("bob²")).isEqualTo("bob2");
        assertThat(Names.userName("cafe\u0301")).isEqualTo("caf\u00e9");
        assertThat(Names.userName("\u3000ann\u3000")).isEqualTo("ann");
    }

    @Test
    void ordinaryNamesInAnyScriptPass() {
        for (String name : new String[] {"tom", "张三", "Анна", "مريم", "José María", "😀 smile"}) {
            assertThat(Names.userNameProblem(name)).as(name).isNull();
        }
    }

    @Test
    void aRefusalNamesTheOffendingCodePoint() {
        assertThat(Names.userNameProblem("a\u001bb"))
                .isEqualTo("user name must not contain control or invisible characters (found U+001B)");
        assertThat(Names.userNameProblem("a\u202Eb"))
                .isEqualTo("user name must not contain control or invisible characters (found U+202E)");
        assertThat(Names.userNameProblem("a\uE000b"))
                .isEqualTo("user name must not contain unassigned or private-use characters (found U+E000)");
        assertThat(Names.userNameProblem(" \t ")).isEqualTo("user name must not be empty");
    }
}
