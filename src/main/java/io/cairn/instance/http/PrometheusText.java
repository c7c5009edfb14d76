package io.cairn.instance.http;

/** Writes the Prometheus text exposition format (version 0.0.4), one metric family at a time. */
final class PrometheusText {

    private final StringBuilder text = new StringBuilder();

    PrometheusText family(String name, String type, String help) {
        text.append("# HELP ")
                .append(name)
                .append(' ')
                .append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    PrometheusText sample(String name, double value) {
        text.append(name).append(' ').append(format(value)).append('\n');
        return this;
    }

    PrometheusText sample(String name, String label, String labelValue, double value) {
        text.append(name)
                .append('{')
                .append(label)
                .append("=\"")
                .append(labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                .append("\"} ")
                .append(format(value))
                .append('\n');
        return this;
    }

    PrometheusText raw(String exposition) {
        text.append(exposition);
        return this;
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return java.math.BigDecimal.valueOf(value).toPlainString();
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
