package io.cairn.cli.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    private static final Option NAMESPACE = Option.value("namespace", 'n', "NAMESPACE", "");
    private static final Option NAME = Option.value("backup-name", "NAME", "");
    private static final Option CHECKPOINT = Option.toggle("immediate-checkpoint", "");
    private static final List<Option> OPTIONS = List.of(NAMESPACE, NAME, CHECKPOINT, Arguments.HELP);

    private static Arguments parse(String... args) {
        return Arguments.parse(List.of(args), OPTIONS);
    }

    @Test
    void flagsAndPositionalsComeInAnyOrderAndEveryKubectlSpellingOfAValueIsRead() {
        assertThat(parse("-n", "a", "pg").values()).containsEntry("namespace", "a");
        assertThat(parse("pg", "-nb").values()).containsEntry("namespace", "b");
        assertThat(parse("-n=c", "pg").values()).containsEntry("namespace", "c");
        assertThat(parse("pg", "--namespace", "d").values()).containsEntry("namespace", "d");
        assertThat(parse("--namespace=e", "pg").values()).containsEntry("namespace", "e");
        assertThat(parse("-n", "a", "pg", "--backup-name", "x").positionals()).containsExactly("pg");
    }

    @Test
    void theLastOfARepeatedFlagWinsAndDoubleDashEndsTheFlags() {
        assertThat(parse("-n", "a", "-n", "b").value("namespace")).contains("b");
        assertThat(parse("--", "-n", "pg").positionals()).containsExactly("-n", "pg");
    }

    @Test
    void aSwitchIsOnAloneAndTakesAnExplicitTrueOrFalse() {
        assertThat(parse("pg", "--immediate-checkpoint").toggle("immediate-checkpoint"))
                .contains(true);
        assertThat(parse("--immediate-checkpoint=false", "pg").toggle("immediate-checkpoint"))
                .contains(false);
        assertThat(parse("--immediate-checkpoint", "false", "pg").toggle("immediate-checkpoint"))
                .contains(false);
        Arguments onThenPositional = parse("--immediate-checkpoint", "pg");
        assertThat(onThenPositional.toggle("immediate-checkpoint")).contains(true);
        assertThat(onThenPositional.positionals()).containsExactly("pg");
        assertThat(parse("pg").toggle("immediate-checkpoint")).isEmpty();
        assertThat(parse("-h").helpRequested()).isTrue();
    }

    @Test
    void badFlagsAreRefusedWithKubectlsWords() {
        assertThatThrownBy(() -> parse("--nope"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown flag: --nope");
        assertThatThrownBy(() -> parse("-x")).hasMessage("unknown flag: -x");
        assertThatThrownBy(() -> parse("pg", "--backup-name")).hasMessage("flag needs an argument: --backup-name");
        assertThatThrownBy(() -> parse("--immediate-checkpoint=yes"))
                .hasMessage("invalid value \"yes\" for --immediate-checkpoint: true or false");
    }

    @Test
    void singleNamesWhatIsMissingOrTooMuch() {
        assertThat(parse("pg").single("cluster name")).isEqualTo("pg");
        assertThatThrownBy(() -> parse().single("cluster name")).hasMessage("missing cluster name");
        assertThatThrownBy(() -> parse("a", "b").single("cluster name"))
                .hasMessage("expected one cluster name, got 2: a b");
    }
}
