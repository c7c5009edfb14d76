package io.cairn.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The merge patch a status write sends: only the difference, and applying it gives the desired status. */
class StatusPatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "{'phase':'a','x':1}               | {'phase':'a','x':1}             | null",
                "{'phase':'a'}                     | {'phase':'b'}                   | {'phase':'b'}",
                "{'phase':'a','reason':'r'}        | {'phase':'a'}                   | {'reason':null}",
                "{}                                | {'phase':'a'}                   | {'phase':'a'}",
                "{'m':{'barman':'t1','snap':'t2'}} | {'m':{'snap':'t3'}}             | {'m':{'barman':null,'snap':'t3'}}",
                "{'c':[{'type':'Ready'}]}          | {'c':[{'type':'Ready'},{'type':'X'}]} | {'c':[{'type':'Ready'},{'type':'X'}]}",
            })
    void onlyTheDifferenceIsSentAndItMakesTheDesiredStatus(String from, String to, String expected) throws Exception {
        JsonNode before = json(from);
        JsonNode after = json(to);

        JsonNode patch = StatusPatch.diff(before, after);

        assertThat(patch).isEqualTo(expected.equals("null") ? null : json(expected));
        if (patch != null) {
            assertThat(StatusPatch.apply(before, patch)).isEqualTo(after);
        }
    }

    @Test
    void aReconcileThatWritesItsStatusDropsTheReconciledConditionOfAnEarlierFailure() throws Exception {
        JsonNode desired = json("{'phase':'a','conditions':[{'type':'Ready'},{'type':'Reconciled','status':'False'}]}");

        assertThat(StatusPatch.withoutReconcileError(desired))
                .isEqualTo(json("{'phase':'a','conditions':[{'type':'Ready'}]}"));
        assertThat(StatusPatch.withoutReconcileError(json("{'phase':'a'}"))).isEqualTo(json("{'phase':'a'}"));
    }

    private static JsonNode json(String singleQuoted) throws Exception {
        return JSON.readTree(singleQuoted.replace('\'', '"'));
    }
}
