package io.cairn.local.node;

import java.util.Map;

/**
 * Kubernetes' {@code $(VAR)} expansion in env values, commands, args and {@code subPathExpr}, as kubelet does it
 * (k8s.io/kubernetes third_party/forked/golang/expansion): {@code $(NAME)} becomes the variable's value when it is
 * defined and stays as written when it is not; {@code $$} is an escaped {@code $}.
 */
final class VariableExpansion {

    private VariableExpansion() {
    }

    static String expand(String input, Map<String, String> variables) {
        if (input == null || input.indexOf('$') < 0) {
            return input;
        }
        StringBuilder out = new StringBuilder();
        int checkpoint = 0;
        for (int cursor = 0; cursor < input.length(); cursor++) {
            if (input.charAt(cursor) == '$' && cursor + 1 < input.length()) {
                out.append(input, checkpoint, cursor);
                char next = input.charAt(cursor + 1);
                int advance = 1;
                if (next == '$') {
                    out.append('$');
                } else if (next == '(') {
                    int close = input.indexOf(')', cursor + 2);
                    if (close < 0) {
                        out.append("$(");
                    } else {
                        String name = input.substring(cursor + 2, close);
                        String value = variables.get(name);
                        out.append(value != null ? value : "$(" + name + ")");
                        advance = close - cursor;
                    }
                } else {
                    out.append('$').append(next);
                }
                cursor += advance;
                checkpoint = cursor + 1;
            }
        }
        return out.append(input.substring(Math.min(checkpoint, input.length()))).toString();
    }
}
