/* The parser's floor for inspect --format json: read a base64 inline-cache payload, decode it
 * and json_loadb it with jansson, nothing else. Build: cc -O2 decode_floor.c -ljansson
 * usage: decode_floor PAYLOAD_FILE          (prints the number of records)
 *        decode_floor --dump PAYLOAD_FILE   (the floor of decoding and writing: also builds the
 *            records as inspect --format json writes them, {index, digest, role, inputs: [[{link,
 *            selector}]], results: [{form, layer, createdAt}]}, and writes them to standard output
 *            with json_dumpf, two-space indentation, as jansson would write cachectl's output) */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char table[256];

/* One record of the payload in the shape of inspect's "records" entries. */
static json_t *output_record(size_t index, json_t *in) {
    json_t *out = json_object();
    json_t *inputs = json_object_get(in, "inputs");
    json_t *layers = json_object_get(in, "layers");
    json_object_set_new(out, "index", json_integer((json_int_t)index));
    json_object_set(out, "digest", json_object_get(in, "digest"));
    json_object_set_new(out, "role", json_string(json_array_size(inputs) == 0 ? "root" : json_array_size(layers) ? "result" : "intermediate"));
    json_t *slots = json_array();
    for (size_t s = 0; s < json_array_size(inputs); s++) {
        json_t *slot = json_array_get(inputs, s), *alts = json_array();
        for (size_t a = 0; a < json_array_size(slot); a++) {
            json_t *alt = json_array_get(slot, a), *o = json_object();
            json_t *selector = json_object_get(alt, "selector");
            json_object_set(o, "link", json_object_get(alt, "link"));
            json_object_set_new(o, "selector", selector ? json_incref(selector) : json_string(""));
            json_array_append_new(alts, o);
        }
        json_array_append_new(slots, alts);
    }
    json_object_set_new(out, "inputs", slots);
    json_t *results = json_array();
    for (size_t k = 0; k < json_array_size(layers); k++) {
        json_t *l = json_array_get(layers, k), *o = json_object();
        json_t *created = json_object_get(l, "createdAt");
        json_object_set_new(o, "form", json_string("layer"));
        json_object_set(o, "layer", json_object_get(l, "layer"));
        json_object_set_new(o, "createdAt", created ? json_incref(created) : json_null());
        json_array_append_new(results, o);
    }
    json_object_set_new(out, "results", results);
    return out;
}

int main(int argc, char **argv) {
    int dump = argc == 3 && strcmp(argv[1], "--dump") == 0;
    if (dump) { argv++; argc--; }
    if (argc != 2) { fprintf(stderr, "usage: %s [--dump] PAYLOAD_FILE\n", argv[0]); return 64; }
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
    if (dump) {
        json_t *records = json_array();
        for (size_t i = 0; i < json_array_size(root); i++) json_array_append_new(records, output_record(i, json_array_get(root, i)));
        json_t *doc = json_pack("{s:o}", "records", records);
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
        fputc('\n', stdout);
        json_decref(doc);
    } else {
        printf("%zu\n", json_array_size(root));
    }
    json_decref(root);
    free(out);
    return 0;
}
