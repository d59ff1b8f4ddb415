// C glue for ImageCodecs' PNG codec (libpng 1.6). System-library targets cannot hold .c files, so the
// glue is `static inline` here. Every libpng call happens inside one of the two functions below,
// which own the setjmp(png_jmpbuf(...)): a libpng error longjmps back into them (never into Swift),
// they clean up and return a status with libpng's message.
#ifndef RESTYLE_CPNG_SHIM_H
#define RESTYLE_CPNG_SHIM_H

#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CPNG_MESSAGE_LENGTH 256

/// Outcome of a decode or encode call.
typedef enum {
    CPNG_OK = 0,
    CPNG_CORRUPT = 1,     // libpng reported an error (bad CRC, bad zlib data, bad header, ...)
    CPNG_TRUNCATED = 2,   // the data ended before libpng was done reading
    CPNG_TOO_LARGE = 3,   // the header's dimensions exceed the caller's limits (nothing decoded)
    CPNG_NO_MEMORY = 4,
} cpng_status;

/// Result of `cpng_decode_rgb8`. On CPNG_OK, `pixels` holds width*height*3 bytes (RGB, row-major)
/// allocated with malloc: release it with `cpng_free`. `width`/`height` are also set for CPNG_TOO_LARGE.
typedef struct {
    int status;
    uint32_t width;
    uint32_t height;
    int source_bit_depth;      // 1, 2, 4, 8 or 16
    int source_color_type;     // PNG_COLOR_TYPE_*
    unsigned char *pixels;
    unsigned warning_count;
    char message[CPNG_MESSAGE_LENGTH];        // the error, when status != CPNG_OK
    char first_warning[CPNG_MESSAGE_LENGTH];  // libpng's first warning, if any (warnings never abort)
} cpng_decode_result;

/// Result of `cpng_encode_rgb8`. On CPNG_OK, `data` holds `size` bytes of PNG (malloc; `cpng_free`).
typedef struct {
    int status;
    unsigned char *data;
    size_t size;
    size_t capacity;
    char message[CPNG_MESSAGE_LENGTH];
} cpng_encode_result;

/// Private state shared with the libpng callbacks.
typedef struct {
    const unsigned char *input;
    size_t input_size;
    size_t input_offset;
    int truncated;
    unsigned warning_count;
    char *message;        // CPNG_MESSAGE_LENGTH bytes
    char *first_warning;  // CPNG_MESSAGE_LENGTH bytes, or NULL
    cpng_encode_result *output;
} cpng_context;

static inline void cpng_free(void *pointer) { free(pointer); }

static inline void cpng_copy_message(char *destination, const char *text) {
    if (destination == NULL) return;
    strncpy(destination, text ? text : "(no message)", CPNG_MESSAGE_LENGTH - 1);
    destination[CPNG_MESSAGE_LENGTH - 1] = 0;
}

static inline void cpng_error_callback(png_structp png, png_const_charp text) {
    cpng_context *context = (cpng_context *)png_get_error_ptr(png);
    if (context != NULL && context->message != NULL && context->message[0] == 0)
        cpng_copy_message(context->message, text);
    png_longjmp(png, 1);  // back into the setjmp of the calling shim function
}

static inline void cpng_warning_callback(png_structp png, png_const_charp text) {
    cpng_context *context = (cpng_context *)png_get_error_ptr(png);
    if (context == NULL) return;
    if (context->warning_count == 0) cpng_copy_message(context->first_warning, text);
    context->warning_count += 1;
}

static inline void cpng_read_callback(png_structp png, png_bytep destination, png_size_t length) {
    cpng_context *context = (cpng_context *)png_get_io_ptr(png);
    if (length > context->input_size - context->input_offset) {
        context->truncated = 1;
        png_error(png, "unexpected end of data");
    }
    memcpy(destination, context->input + context->input_offset, length);
    context->input_offset += length;
}

static inline void cpng_write_callback(png_structp png, png_bytep source, png_size_t length) {
    cpng_context *context = (cpng_context *)png_get_io_ptr(png);
    cpng_encode_result *output = context->output;
    if (output->size + length > output->capacity) {
        size_t capacity = output->capacity < 4096 ? 4096 : output->capacity;
        while (capacity < output->size + length) capacity *= 2;
        unsigned char *grown = (unsigned char *)realloc(output->data, capacity);
        if (grown == NULL) png_error(png, "out of memory");
        output->data = grown;
        output->capacity = capacity;
    }
    memcpy(output->data + output->size, source, length);
    output->size += length;
}

static inline void cpng_flush_callback(png_structp png) { (void)png; }

/// Decodes a whole PNG held in memory to 8-bit RGB.
/// Conversions: palette → its RGB entries; gray (any depth) → replicated to R=G=B; 16-bit samples → their
/// high byte (v >> 8, libpng's png_set_strip_16, as Pillow does for 16-bit color); alpha channels and tRNS
/// are discarded (no compositing); gAMA/iCCP are ignored. Interlaced images are de-interlaced.
/// Images wider or taller than `max_side`, or with more than `max_pixels` pixels, are refused before any
/// pixel data is read (CPNG_TOO_LARGE).
static inline void cpng_decode_rgb8(const unsigned char *input, size_t input_size, uint32_t max_side,
                                    uint64_t max_pixels, cpng_decode_result *result) {
    memset(result, 0, sizeof *result);
    cpng_context context;
    memset(&context, 0, sizeof context);
    context.input = input;
    context.input_size = input_size;
    context.message = result->message;
    context.first_warning = result->first_warning;

    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &context, cpng_error_callback,
                                             cpng_warning_callback);
    if (png == NULL) {
        result->status = CPNG_NO_MEMORY;
        cpng_copy_message(result->message, "cannot create the libpng read structure");
        return;
    }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        result->status = CPNG_NO_MEMORY;
        cpng_copy_message(result->message, "cannot create the libpng info structure");
        return;
    }
    unsigned char *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(rows);
        free(pixels);
        png_destroy_read_struct(&png, &info, NULL);
        result->pixels = NULL;
        result->warning_count = context.warning_count;
        if (result->status == CPNG_OK) result->status = context.truncated ? CPNG_TRUNCATED : CPNG_CORRUPT;
        return;
    }
    png_set_read_fn(png, &context, cpng_read_callback);
    png_read_info(png, info);

    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0;
    png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, NULL, NULL, NULL);
    result->width = width;
    result->height = height;
    result->source_bit_depth = bit_depth;
    result->source_color_type = color_type;
    if (width > max_side || height > max_side || (uint64_t)width * (uint64_t)height > max_pixels) {
        result->status = CPNG_TOO_LARGE;
        png_destroy_read_struct(&png, &info, NULL);
        return;
    }

    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if ((color_type & PNG_COLOR_MASK_COLOR) == 0 && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (bit_depth == 16) png_set_strip_16(png);
    png_set_strip_alpha(png);  // also drops the alpha a palette with tRNS would expand to
    if ((color_type & PNG_COLOR_MASK_COLOR) == 0) png_set_gray_to_rgb(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)width * 3 || png_get_bit_depth(png, info) != 8) {
        result->status = CPNG_CORRUPT;
        cpng_copy_message(result->message, "unexpected row layout after conversion to 8-bit RGB");
        png_error(png, "unexpected row layout after conversion to 8-bit RGB");
    }

    size_t row_bytes = (size_t)width * 3;
    pixels = (unsigned char *)malloc(row_bytes * (size_t)height + 1);
    rows = (png_bytep *)malloc(sizeof(png_bytep) * ((size_t)height + 1));
    if (pixels == NULL || rows == NULL) {
        result->status = CPNG_NO_MEMORY;
        png_error(png, "out of memory");
    }
    for (png_uint_32 y = 0; y < height; y++) rows[y] = pixels + row_bytes * y;
    png_read_image(png, rows);
    png_read_end(png, NULL);  // checks the CRCs of the chunks after the image data and the IEND

    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    result->pixels = pixels;
    result->warning_count = context.warning_count;
    result->status = CPNG_OK;
}

/// Encodes 8-bit RGB pixels (width*height*3 bytes, row-major) as a non-interlaced PNG (zlib level 6).
static inline void cpng_encode_rgb8(const unsigned char *pixels, uint32_t width, uint32_t height,
                                    cpng_encode_result *result) {
    memset(result, 0, sizeof *result);
    cpng_context context;
    memset(&context, 0, sizeof context);
    context.message = result->message;
    context.output = result;

    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &context, cpng_error_callback,
                                              cpng_warning_callback);
    if (png == NULL) {
        result->status = CPNG_NO_MEMORY;
        cpng_copy_message(result->message, "cannot create the libpng write structure");
        return;
    }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        result->status = CPNG_NO_MEMORY;
        cpng_copy_message(result->message, "cannot create the libpng info structure");
        return;
    }
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(rows);
        png_destroy_write_struct(&png, &info);
        free(result->data);
        result->data = NULL;
        result->size = 0;
        result->capacity = 0;
        if (result->status == CPNG_OK) result->status = CPNG_CORRUPT;
        return;
    }
    png_set_write_fn(png, &context, cpng_write_callback, cpng_flush_callback);
    png_set_compression_level(png, 6);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    size_t row_bytes = (size_t)width * 3;
    rows = (png_bytep *)malloc(sizeof(png_bytep) * ((size_t)height + 1));
    if (rows == NULL) {
        result->status = CPNG_NO_MEMORY;
        png_error(png, "out of memory");
    }
    for (uint32_t y = 0; y < height; y++) rows[y] = (png_bytep)(pixels + row_bytes * y);
    png_write_image(png, rows);
    png_write_end(png, NULL);
    free(rows);
    png_destroy_write_struct(&png, &info);
    result->status = CPNG_OK;
}

#endif
