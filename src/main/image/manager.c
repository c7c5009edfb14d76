/*
 * The launcher of Cairn's JVM image: /cairn/manager.
 *
 * It runs  <dir>/jre/bin/java DEFAULT_JVM_FLAGS $CAIRN_JVM_OPTIONS -jar <dir>/app/quarkus-run.jar ARGS...
 * where <dir> is the directory this binary sits in. Built with `gcc -static` by local/images.sh, it needs neither a
 * shell nor a libc in the image it runs in, and no path is baked in: the operator copies the whole tree into an
 * instance pod (`cp -a /cairn/. /controller/`) and PostgreSQL's container runs /controller/manager from there.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Flags for a small pod process: one GC thread set, a quick-to-start JIT, the JRE's CDS archive when it works. */
static const char DEFAULT_JVM_FLAGS[] =
    "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -XX:MaxRAMPercentage=75";

static const char JAVA[] = "/jre/bin/java";
static const char APP_JAR[] = "/app/quarkus-run.jar";

static void fail(const char *fmt, const char *arg) {
    fputs("cairn manager: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(127);
}

/* The directory of this executable, from /proc/self/exe (the dynamic loader needs /proc for java's $ORIGIN too). */
static void own_dir(char *dir) {
    ssize_t n = readlink("/proc/self/exe", dir, PATH_MAX - 1);
    if (n <= 0) {
        fail("cannot read /proc/self/exe to find its own directory: %s (is /proc mounted?)", strerror(errno));
    }
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (slash == dir) {
        slash[1] = '\0';
    } else {
        *slash = '\0';
    }
}

/* Appends the space-separated words of a copy of s to args; returns the new count. */
static int add_words(const char *s, char **args, int count) {
    char *copy = strdup(s);
    for (char *word = strtok(copy, " \t\n"); word != NULL; word = strtok(NULL, " \t\n")) {
        args[count++] = word;
    }
    return count;
}

static int count_words(const char *s) {
    int n = 0;
    for (int in_word = 0; *s != '\0'; s++) {
        int space = *s == ' ' || *s == '\t' || *s == '\n';
        n += !space && !in_word;
        in_word = !space;
    }
    return n;
}

int main(int argc, char **argv) {
    char dir[PATH_MAX];
    own_dir(dir);
    const char *base = strcmp(dir, "/") == 0 ? "" : dir;

    static char java[PATH_MAX + sizeof JAVA], jar[PATH_MAX + sizeof APP_JAR];
    snprintf(java, sizeof java, "%s%s", base, JAVA);
    snprintf(jar, sizeof jar, "%s%s", base, APP_JAR);
    if (access(java, X_OK) != 0) {
        fail("no Java runtime at %s: the jre/ directory must sit beside the launcher "
             "(copy the whole tree: cp -a /cairn/. DEST/)", java);
    }
    if (access(jar, R_OK) != 0) {
        fail("no application at %s: the app/ directory must sit beside the launcher "
             "(copy the whole tree: cp -a /cairn/. DEST/)", jar);
    }

    const char *options = getenv("CAIRN_JVM_OPTIONS");
    if (options == NULL) {
        options = "";
    }
    char **args = calloc(count_words(DEFAULT_JVM_FLAGS) + count_words(options) + argc + 4, sizeof(char *));
    int n = 0;
    args[n++] = java;
    n = add_words(DEFAULT_JVM_FLAGS, args, n);
    n = add_words(options, args, n);
    args[n++] = "-jar";
    args[n++] = jar;
    for (int i = 1; i < argc; i++) {
        args[n++] = argv[i];
    }
    args[n] = NULL;

    execv(java, args);
    fprintf(stderr, "cairn manager: cannot run %s: %s\n", java, strerror(errno));
    return 127;
}
