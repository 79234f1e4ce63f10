/*
 * Replays inputs through the fuzz harness's entry points (fuzz_codecs.c, built without
 * sanitizers) and prints each one's peak resident memory: every file runs in a child process,
 * whose maximum RSS wait4() reports. Usage: fuzz_replay FILE...   (Scripts/fuzz.sh replay DIR)
 * Output: one line per file, "<peak RSS KiB> <exit> <file>", then the largest.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_one(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return 2;
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            uint8_t *bigger = realloc(buf, cap *= 2);
            if (bigger == NULL) { free(buf); buf = NULL; }
            else buf = bigger;
        }
    }
    fclose(f);
    if (buf == NULL) return 2;
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

int main(int argc, char **argv) {
    long largest = 0;
    const char *largest_path = "";
    for (int i = 1; i < argc; i++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); return 2; }
        if (pid == 0) _exit(run_one(argv[i]));
        int status = 0;
        struct rusage usage;
        if (wait4(pid, &status, 0, &usage) < 0) { perror("wait4"); return 2; }
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        printf("%8ld %3d %s\n", usage.ru_maxrss, code, argv[i]);
        if (usage.ru_maxrss > largest) { largest = usage.ru_maxrss; largest_path = argv[i]; }
    }
    printf("largest peak RSS: %ld KiB (%s) over %d inputs\n", largest, largest_path, argc - 1);
    return 0;
}
