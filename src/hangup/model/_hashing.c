/* The scam model's tokeniser and hashed features, computed in C.
 *
 * The same arithmetic as ScamModel._hashed / ScamModel._terms in classifier.py (the pure-Python
 * path, used when this module is not built), in the same order, so both give bit-identical
 * numbers: each token's hash is zlib's CRC-32 of its UTF-8 bytes, its low n_bits bits pick the
 * coefficient and bit 31 its sign. A word's own tokens are "w|<word>" and the character n-grams
 * "c|<gram>" of " <word> " (counted in code points); a bigram's token is "b|<first> <second>".
 * See features.py for why the features are what they are.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>

#define MAX_CACHE 200000 /* words whose value is kept between documents */

static uint32_t crc_table[256];

static void crc_init(void) {
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

/* zlib.crc32(data, crc): continues a CRC-32 over more bytes. */
static uint32_t crc_update(uint32_t crc, const char *data, Py_ssize_t len) {
    uint32_t c = ~crc;
    for (Py_ssize_t i = 0; i < len; i++)
        c = crc_table[(c ^ (unsigned char)data[i]) & 0xFF] ^ (c >> 8);
    return ~c;
}

typedef struct {
    const double *coef;
    uint32_t mask;
    double word_weight, char_weight, bigram_weight, pronoun_weight;
    Py_ssize_t char_min, char_max;
    PyObject *pronouns; /* a set or frozenset of str */
} Params;

static double signed_coef(const Params *p, uint32_t h) {
    return (h >> 31) ? -p->coef[h & p->mask] : p->coef[h & p->mask];
}

/* The scale of a word's own features: pronoun_weight for a bare pronoun, else 1 (-1: error). */
static double word_scale(const Params *p, PyObject *word) {
    int pronoun = PySet_Contains(p->pronouns, word);
    if (pronoun < 0)
        return -1.0;
    return pronoun ? p->pronoun_weight : 1.0;
}

static int is_placeholder(const char *utf8, Py_ssize_t len) {
    return len >= 2 && utf8[0] == '_' && utf8[1] == '_';
}

/* The sum of a word's squared feature weights, added up in the order word_value adds them. */
static double word_square(const Params *p, PyObject *word, double scale, int placeholder) {
    double sq = 0.0;
    if (scale > 0) {
        double w = p->word_weight * scale;
        sq += w * w;
        if (!placeholder && p->char_weight > 0) {
            double cw = p->char_weight * scale;
            Py_ssize_t n_chars = PyUnicode_GET_LENGTH(word) + 2;
            for (Py_ssize_t n = p->char_min; n <= p->char_max; n++)
                for (Py_ssize_t i = 0; i + n <= n_chars; i++)
                    sq += cw * cw;
        }
    }
    return sq;
}

/* The sum of weight * sign * coefficient over a word's own features. */
static int word_sum(const Params *p, const char *utf8, Py_ssize_t len, double scale, int placeholder,
                    double *value) {
    double total = 0.0;
    if (scale > 0) {
        double w = p->word_weight * scale;
        uint32_t h = crc_update(crc_update(0, "w|", 2), utf8, len);
        total += w * signed_coef(p, h);
        if (!placeholder && p->char_weight > 0) {
            double cw = p->char_weight * scale;
            /* " word " and the byte offset at which each of its code points starts */
            char stack_buf[256];
            Py_ssize_t stack_starts[258];
            char *padded = stack_buf;
            Py_ssize_t *starts = stack_starts;
            if (len + 2 > (Py_ssize_t)sizeof(stack_buf)) {
                padded = PyMem_Malloc((size_t)len + 2);
                starts = PyMem_Malloc(sizeof(Py_ssize_t) * ((size_t)len + 3));
                if (padded == NULL || starts == NULL) {
                    PyMem_Free(padded);
                    PyMem_Free(starts);
                    PyErr_NoMemory();
                    return -1;
                }
            }
            padded[0] = ' ';
            memcpy(padded + 1, utf8, (size_t)len);
            padded[len + 1] = ' ';
            Py_ssize_t n_chars = 0;
            for (Py_ssize_t i = 0; i < len + 2; i++)
                if (((unsigned char)padded[i] & 0xC0) != 0x80)
                    starts[n_chars++] = i;
            starts[n_chars] = len + 2;
            uint32_t prefix = crc_update(0, "c|", 2);
            for (Py_ssize_t n = p->char_min; n <= p->char_max; n++) {
                for (Py_ssize_t i = 0; i + n <= n_chars; i++) {
                    uint32_t g = crc_update(prefix, padded + starts[i], starts[i + n] - starts[i]);
                    total += cw * signed_coef(p, g);
                }
            }
            if (padded != stack_buf) {
                PyMem_Free(padded);
                PyMem_Free(starts);
            }
        }
    }
    *value = total;
    return 0;
}

/* One word's own features: their value (from the cache when it has the word) and the sum of
 * their squared weights. */
static int word_value(const Params *p, PyObject *cache, PyObject *word, double *value, double *square) {
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "words must be str");
        return -1;
    }
    Py_ssize_t len;
    const char *utf8 = PyUnicode_AsUTF8AndSize(word, &len);
    if (utf8 == NULL)
        return -1;
    double scale = word_scale(p, word);
    if (scale == -1.0 && PyErr_Occurred())
        return -1;
    int placeholder = is_placeholder(utf8, len);
    *square = word_square(p, word, scale, placeholder);
    PyObject *cached = PyDict_GetItemWithError(cache, word);
    if (cached != NULL) {
        *value = PyFloat_AsDouble(cached);
        return PyErr_Occurred() ? -1 : 0;
    }
    if (PyErr_Occurred() || word_sum(p, utf8, len, scale, placeholder, value) < 0)
        return -1;
    if (PyDict_GET_SIZE(cache) >= MAX_CACHE)
        PyDict_Clear(cache);
    PyObject *v = PyFloat_FromDouble(*value);
    if (v == NULL)
        return -1;
    int failed = PyDict_SetItem(cache, word, v);
    Py_DECREF(v);
    return failed;
}

/* The bigram's signed, weighted coefficient; first/second are UTF-8. */
static double bigram_value(const Params *p, const char *first, Py_ssize_t first_len,
                           const char *second, Py_ssize_t second_len) {
    uint32_t h = crc_update(crc_update(crc_update(0, "b|", 2), first, first_len), " ", 1);
    h = crc_update(h, second, second_len);
    return (h >> 31) ? -p->bigram_weight * p->coef[h & p->mask] : p->bigram_weight * p->coef[h & p->mask];
}

static int utf8_of(PyObject *item, const char **utf8, Py_ssize_t *len) {
    if (!PyUnicode_Check(item)) {
        PyErr_SetString(PyExc_TypeError, "words must be str");
        return -1;
    }
    *utf8 = PyUnicode_AsUTF8AndSize(item, len);
    return *utf8 == NULL ? -1 : 0;
}

/* 1 + log(count), and exactly 1 for a word seen once (as the Python path computes it) */
static int term_frequency(PyObject *count, double *tf) {
    long c = PyLong_AsLong(count);
    if (c == -1 && PyErr_Occurred())
        return -1;
    *tf = c == 1 ? 1.0 : 1.0 + log((double)c);
    return 0;
}

/* ---- words: the model's tokeniser ---- */

static int is_word_char(Py_UCS4 ch) {
    return ch == '_' || Py_UNICODE_ISALNUM(ch); /* Python's \w on str */
}

/* words(text, mask_digits) -> the matches of the regular expression \w+(?:'\w+)? in text, in
 * order, as re.findall gives them; with mask_digits, ASCII digits 1-9 in them become 0 (as
 * text.translate(...) before findall would make them). */
static PyObject *words(PyObject *self, PyObject *args) {
    PyObject *text;
    int mask;
    if (!PyArg_ParseTuple(args, "Up", &text, &mask))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    while (i < n) {
        if (!is_word_char(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < n && is_word_char(PyUnicode_READ(kind, data, i)))
            i++;
        if (i + 1 < n && PyUnicode_READ(kind, data, i) == '\'' && is_word_char(PyUnicode_READ(kind, data, i + 1))) {
            i++;
            while (i < n && is_word_char(PyUnicode_READ(kind, data, i)))
                i++;
        }
        int has_digit = 0;
        for (Py_ssize_t j = start; mask && j < i && !has_digit; j++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, j);
            has_digit = ch >= '1' && ch <= '9';
        }
        PyObject *word = PyUnicode_Substring(text, start, i);
        if (word != NULL && has_digit) {
            /* the same kind as the substring: digits are ASCII, so the string stays canonical */
            PyObject *masked = PyUnicode_New(i - start, PyUnicode_MAX_CHAR_VALUE(word));
            if (masked != NULL) {
                int wkind = PyUnicode_KIND(word), mkind = PyUnicode_KIND(masked);
                const void *wdata = PyUnicode_DATA(word);
                void *mdata = PyUnicode_DATA(masked);
                for (Py_ssize_t j = 0; j < i - start; j++) {
                    Py_UCS4 ch = PyUnicode_READ(wkind, wdata, j);
                    PyUnicode_WRITE(mkind, mdata, j, (ch >= '1' && ch <= '9') ? '0' : ch);
                }
            }
            Py_DECREF(word);
            word = masked;
        }
        if (word == NULL || PyList_Append(out, word) < 0) {
            Py_XDECREF(word);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(word);
    }
    return out;
}

static PyMethodDef module_methods[] = {
    {"words", words, METH_VARARGS,
     "words(text, mask_digits) -> re.findall(r\"\\w+(?:'\\w+)?\", text), ASCII digits 1-9 made 0 if asked."},
    {NULL, NULL, 0, NULL},
};

/* ---- the Hashing type: one model's coefficients and settings, and its cache of word values ---- */

typedef struct {
    PyObject_HEAD
    Params p;
    PyObject *coef_bytes; /* keeps p.coef alive */
    PyObject *cache;      /* dict: word -> value of its own features */
} Hashing;

static int Hashing_init(Hashing *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"coef", "n_bits", "word_weight", "char_weight", "bigram_weight", "char_min",
                             "char_max", "pronoun_weight", "pronouns", NULL};
    PyObject *coef, *pronouns;
    int n_bits;
    Params p;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!idddnndO", kwlist, &PyBytes_Type, &coef, &n_bits,
                                     &p.word_weight, &p.char_weight, &p.bigram_weight, &p.char_min,
                                     &p.char_max, &p.pronoun_weight, &pronouns))
        return -1;
    if (!PyAnySet_Check(pronouns) || n_bits < 1 || n_bits > 31 || p.char_min < 1 ||
        PyBytes_GET_SIZE(coef) != (Py_ssize_t)sizeof(double) << n_bits) {
        PyErr_SetString(PyExc_ValueError, "coef must hold 2**n_bits doubles, pronouns must be a set");
        return -1;
    }
    p.coef = (const double *)PyBytes_AS_STRING(coef);
    p.mask = ((uint32_t)1 << n_bits) - 1;
    p.pronouns = pronouns;
    PyObject *cache = PyDict_New();
    if (cache == NULL)
        return -1;
    Py_INCREF(coef);
    Py_INCREF(pronouns);
    Py_XDECREF(self->coef_bytes);
    Py_XDECREF(self->p.pronouns);
    Py_XDECREF(self->cache);
    self->p = p;
    self->coef_bytes = coef;
    self->cache = cache;
    return 0;
}

static void Hashing_dealloc(Hashing *self) {
    Py_XDECREF(self->coef_bytes);
    Py_XDECREF(self->p.pronouns);
    Py_XDECREF(self->cache);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int ready(Hashing *self) {
    if (self->cache == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Hashing is not initialised");
        return -1;
    }
    return 0;
}

/* hashed(counts, words) -> (total, sum of squares): the hashed part of the decision value before
 * normalisation and the squared norm it is divided by. counts: Counter(words). */
static PyObject *Hashing_hashed(Hashing *self, PyObject *args) {
    PyObject *counts, *words;
    if (ready(self) < 0 || !PyArg_ParseTuple(args, "O!O!", &PyDict_Type, &counts, &PyList_Type, &words))
        return NULL;
    const Params *p = &self->p;
    double total = 0.0, sq = 0.0;
    Py_ssize_t pos = 0;
    PyObject *word, *count;
    while (PyDict_Next(counts, &pos, &word, &count)) {
        double value, square, tf;
        if (word_value(p, self->cache, word, &value, &square) < 0 || term_frequency(count, &tf) < 0)
            return NULL;
        total += tf * value;
        sq += tf * tf * square;
    }
    Py_ssize_t n = PyList_GET_SIZE(words);
    if (p->bigram_weight > 0 && n > 1) {
        const char *prev, *cur;
        Py_ssize_t prev_len, cur_len;
        if (utf8_of(PyList_GET_ITEM(words, 0), &prev, &prev_len) < 0)
            return NULL;
        for (Py_ssize_t i = 1; i < n; i++) {
            if (utf8_of(PyList_GET_ITEM(words, i), &cur, &cur_len) < 0)
                return NULL;
            total += bigram_value(p, prev, prev_len, cur, cur_len);
            prev = cur;
            prev_len = cur_len;
        }
        sq += p->bigram_weight * p->bigram_weight * (double)(n - 1);
    }
    return Py_BuildValue("dd", total, sq);
}

typedef struct {
    Py_ssize_t first, second; /* indexes into the distinct words; second -1 for a word alone */
    double value;
} Term;

/* Keeps the k largest terms seen so far, in decreasing order; a term equal to one kept goes after
 * it, so ties keep the order in which terms were offered (as a stable sort does). */
static void offer(Term *top, Py_ssize_t k, Py_ssize_t *n_top, Term term) {
    Py_ssize_t i = *n_top;
    if (i == k) {
        if (k == 0 || !(term.value > top[k - 1].value))
            return;
        i = k - 1;
    } else {
        (*n_top)++;
    }
    while (i > 0 && term.value > top[i - 1].value) {
        top[i] = top[i - 1];
        i--;
    }
    top[i] = term;
}

/* top(counts, words, ids, k) -> [(first, second, value)]: the k largest shares of the decision
 * value among the distinct words (tf-weighted) and the distinct bigrams (summed over their
 * occurrences), largest first. ids[i]: the index in counts of words[i]; second is -1 for a word.
 * The candidates are offered words first (in counts' order), then bigrams in order of first
 * appearance: the order of ScamModel._terms, so ties are broken alike. */
static PyObject *Hashing_top(Hashing *self, PyObject *args) {
    PyObject *counts, *words, *ids;
    Py_ssize_t k;
    if (ready(self) < 0 || !PyArg_ParseTuple(args, "O!O!O!n", &PyDict_Type, &counts, &PyList_Type, &words,
                                             &PyList_Type, &ids, &k))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(words), n_distinct = PyDict_GET_SIZE(counts);
    if (PyList_GET_SIZE(ids) != n || k < 0) {
        PyErr_SetString(PyExc_ValueError, "ids must have one index per word and k must be >= 0");
        return NULL;
    }
    const Params *p = &self->p;
    Py_ssize_t n_pairs = (p->bigram_weight > 0 && n > 1) ? n - 1 : 0;
    size_t slots = 16;
    while (slots < 2 * (size_t)n_pairs)
        slots <<= 1;
    Term *top = PyMem_Malloc(sizeof(Term) * (size_t)(k + 1));
    Term *pairs = PyMem_Malloc(sizeof(Term) * (size_t)(n_pairs + 1));
    Py_ssize_t *table = PyMem_Malloc(sizeof(Py_ssize_t) * slots); /* index into pairs, or -1 */
    PyObject *result = NULL;
    if (top == NULL || pairs == NULL || table == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t n_top = 0, pos = 0, index = 0;
    PyObject *word, *count;
    while (PyDict_Next(counts, &pos, &word, &count)) {
        double value, square, tf;
        if (word_value(p, self->cache, word, &value, &square) < 0 || term_frequency(count, &tf) < 0)
            goto done;
        offer(top, k, &n_top, (Term){index++, -1, tf * value});
    }
    for (size_t i = 0; i < slots; i++)
        table[i] = -1;
    Py_ssize_t n_unique = 0, prev_id = -1;
    const char *prev = NULL, *cur;
    Py_ssize_t prev_len = 0, cur_len;
    for (Py_ssize_t i = 0; i < n && n_pairs > 0; i++) {
        Py_ssize_t id = PyLong_AsSsize_t(PyList_GET_ITEM(ids, i));
        if (id == -1 && PyErr_Occurred())
            goto done;
        if (id < 0 || id >= n_distinct) {
            PyErr_SetString(PyExc_ValueError, "a word index is out of range");
            goto done;
        }
        if (utf8_of(PyList_GET_ITEM(words, i), &cur, &cur_len) < 0)
            goto done;
        if (i > 0) {
            double value = bigram_value(p, prev, prev_len, cur, cur_len);
            uint64_t key = (uint64_t)prev_id * (uint64_t)n_distinct + (uint64_t)id;
            size_t slot = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & (slots - 1);
            while (table[slot] >= 0 &&
                   !(pairs[table[slot]].first == prev_id && pairs[table[slot]].second == id))
                slot = (slot + 1) & (slots - 1);
            if (table[slot] < 0) {
                table[slot] = n_unique;
                pairs[n_unique++] = (Term){prev_id, id, 0.0};
            }
            pairs[table[slot]].value += value;
        }
        prev = cur;
        prev_len = cur_len;
        prev_id = id;
    }
    for (Py_ssize_t i = 0; i < n_unique; i++)
        offer(top, k, &n_top, pairs[i]);
    result = PyList_New(n_top);
    if (result == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < n_top; i++) {
        PyObject *item = Py_BuildValue("nnd", top[i].first, top[i].second, top[i].value);
        if (item == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, i, item);
    }
done:
    PyMem_Free(top);
    PyMem_Free(pairs);
    PyMem_Free(table);
    return result;
}

static PyMethodDef Hashing_methods[] = {
    {"hashed", (PyCFunction)Hashing_hashed, METH_VARARGS,
     "hashed(counts, words) -> (total, sum of squares) of the document's hashed features."},
    {"top", (PyCFunction)Hashing_top, METH_VARARGS,
     "top(counts, words, ids, k) -> the k largest word and bigram shares as (first, second, value)."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject HashingType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "hangup.model._hashing.Hashing",
    .tp_doc = PyDoc_STR("One model's hashed features: Hashing(coef, n_bits, word_weight, char_weight, "
                        "bigram_weight, char_min, char_max, pronoun_weight, pronouns)."),
    .tp_basicsize = sizeof(Hashing),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Hashing_init,
    .tp_dealloc = (destructor)Hashing_dealloc,
    .tp_methods = Hashing_methods,
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_hashing",
                                    "The scam model's tokeniser and hashed features in C.", -1, module_methods};

PyMODINIT_FUNC PyInit__hashing(void) {
    crc_init();
    if (PyType_Ready(&HashingType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddObjectRef(m, "Hashing", (PyObject *)&HashingType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
