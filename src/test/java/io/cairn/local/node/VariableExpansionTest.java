package io.cairn.local.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases from kubelet's expansion tests (third_party/forked/golang/expansion/expand_test.go). */
class VariableExpansionTest {

    private static final Map<String, String> VARIABLES = Map.of("VAR_A", "A", "VAR_B", "B", "VAR_EMPTY", "");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$(VAR_A)|A",
        "___$(VAR_B)___|___B___",
        "$(VAR_A)-$(VAR_B)|A-B",
        "f000-$$VAR_A|f000-$VAR_A",
        "$$(VAR_B)|$(VAR_B)",
        "$$$(VAR_A)|$A",
        "$(VAR_DOES_NOT_EXIST)|$(VAR_DOES_NOT_EXIST)",
        "$(VAR_EMPTY)x|x",
        "$(VAR_A|$(VAR_A",
        "$VAR_A|$VAR_A",
        "trailing $|trailing $",
        "sh -c 'echo $POD_IP'|sh -c 'echo $POD_IP'",
    })
    void expandsLikeKubelet(String input, String expected) {
        assertThat(VariableExpansion.expand(input, VARIABLES)).isEqualTo(expected);
    }
}
