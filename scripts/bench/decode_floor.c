/* The parser's floor for inspect --format json: read a base64 inline-cache payload, decode it
 * and json_loadb it with jansson, nothing else. Build: cc -O2 decode_floor.c -ljansson
 * usage: decode_floor PAYLOAD_FILE   (prints the number of records) */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char table[256];

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s PAYLOAD_FILE\n", argv[0]); return 64; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 2; }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *text = malloc(n + 1);
    if (fread(text, 1, n, f) != (size_t)n) { perror("read"); return 2; }
    fclose(f);
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '=')) n--;
    const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    memset(table, 0xff, sizeof table);
    for (int i = 0; i < 64; i++) table[(unsigned char)alphabet[i]] = (unsigned char)i;
    unsigned char *out = malloc(n / 4 * 3 + 3);
    size_t o = 0;
    unsigned acc = 0, bits = 0;
    for (long i = 0; i < n; i++) {
        unsigned char v = table[text[i]];
        if (v == 0xff) { fprintf(stderr, "invalid base64\n"); return 2; }
        acc = (acc << 6) | v;
        bits += 6;
        if (bits >= 8) { bits -= 8; out[o++] = (unsigned char)(acc >> bits); }
    }
    free(text);
    json_error_t error;
    json_t *root = json_loadb((const char *)out, o, 0, &error);
    if (!root) { fprintf(stderr, "json: %s\n", error.text); return 2; }
    printf("%zu\n", json_array_size(root));
    json_decref(root);
    free(out);
    return 0;
}
