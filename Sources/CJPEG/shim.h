// C glue for ImageCodecs' JPEG codec (libjpeg-turbo, libjpeg 6.2 API). System-library targets cannot hold
// .c files, so the glue is `static inline` here. Every libjpeg call happens inside one of the two functions
// below, which own the setjmp: the custom error_exit formats libjpeg's message and longjmps back into them
// (never into Swift); they clean up and return a status with that message. Warnings are collected, never
// printed; the ones that mean the pixels are incomplete or garbage (premature end of data, bad Huffman
// code, unexpected marker) are treated as errors, so a truncated file is never padded with gray silently.
#ifndef RESTYLE_CJPEG_SHIM_H
#define RESTYLE_CJPEG_SHIM_H

#include <stdio.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

#define CJPEG_MESSAGE_LENGTH 256

/// Outcome of a decode or encode call.
typedef enum {
    CJPEG_OK = 0,
    CJPEG_CORRUPT = 1,      // libjpeg error, or a warning that means corrupt entropy-coded data
    CJPEG_TRUNCATED = 2,    // libjpeg's "Premature end of JPEG file" warning
    CJPEG_TOO_LARGE = 3,    // the header's dimensions exceed the caller's limits (nothing decoded)
    CJPEG_CMYK = 4,         // the file's color space is CMYK or YCCK (unsupported)
    CJPEG_NO_MEMORY = 5,
} cjpeg_status;

/// Result of `cjpeg_decode_rgb8`. On CJPEG_OK, `pixels` holds width*height*3 bytes (RGB, row-major)
/// allocated with malloc: release it with `cjpeg_free`. `width`/`height` are set once the header was read.
typedef struct {
    int status;
    uint32_t width;
    uint32_t height;
    int source_components;  // 1 (grayscale), 3 (YCbCr/RGB) or 4 (CMYK/YCCK)
    int progressive;        // 1 for a progressive JPEG
    unsigned char *pixels;
    unsigned warning_count;
    char message[CJPEG_MESSAGE_LENGTH];        // the error, when status != CJPEG_OK
    char first_warning[CJPEG_MESSAGE_LENGTH];  // the first harmless warning, if any
} cjpeg_decode_result;

/// Result of `cjpeg_encode_rgb8`. On CJPEG_OK, `data` holds `size` bytes of JPEG (malloc; `cjpeg_free`).
typedef struct {
    int status;
    unsigned char *data;
    unsigned long size;
    char message[CJPEG_MESSAGE_LENGTH];
} cjpeg_encode_result;

/// libjpeg error manager extended with the jump target and the message buffers.
typedef struct {
    struct jpeg_error_mgr base;  // must stay first: libjpeg only sees this part
    jmp_buf jump;
    int status;                  // set before longjmp
    unsigned warning_count;
    char *message;               // CJPEG_MESSAGE_LENGTH bytes
    char *first_warning;         // CJPEG_MESSAGE_LENGTH bytes, or NULL
} cjpeg_error_manager;

static inline void cjpeg_free(void *pointer) { free(pointer); }

static inline void cjpeg_format(j_common_ptr cinfo, char *destination) {
    if (destination == NULL) return;
    char buffer[JMSG_LENGTH_MAX];
    buffer[0] = 0;
    (*cinfo->err->format_message)(cinfo, buffer);
    strncpy(destination, buffer, CJPEG_MESSAGE_LENGTH - 1);
    destination[CJPEG_MESSAGE_LENGTH - 1] = 0;
}

static inline void cjpeg_error_exit(j_common_ptr cinfo) {
    cjpeg_error_manager *manager = (cjpeg_error_manager *)cinfo->err;
    if (manager->message[0] == 0) cjpeg_format(cinfo, manager->message);
    if (manager->status == CJPEG_OK) manager->status = CJPEG_CORRUPT;
    longjmp(manager->jump, 1);
}

/// Collects warnings (msg_level −1) instead of printing them; trace messages (level ≥ 0) are dropped.
static inline void cjpeg_emit_message(j_common_ptr cinfo, int msg_level) {
    if (msg_level >= 0) return;
    cjpeg_error_manager *manager = (cjpeg_error_manager *)cinfo->err;
    int code = cinfo->err->msg_code;
    if (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER || code == JWRN_HUFF_BAD_CODE || code == JWRN_MUST_RESYNC) {
        manager->status = code == JWRN_JPEG_EOF ? CJPEG_TRUNCATED : CJPEG_CORRUPT;
        cjpeg_format(cinfo, manager->message);
        longjmp(manager->jump, 1);
    }
    if (manager->warning_count == 0) cjpeg_format(cinfo, manager->first_warning);
    manager->warning_count += 1;
    cinfo->err->num_warnings += 1;
}

static inline void cjpeg_output_message(j_common_ptr cinfo) { (void)cinfo; }

static inline void cjpeg_install_error_manager(cjpeg_error_manager *manager, char *message, char *first_warning) {
    jpeg_std_error(&manager->base);
    manager->base.error_exit = cjpeg_error_exit;
    manager->base.emit_message = cjpeg_emit_message;
    manager->base.output_message = cjpeg_output_message;
    manager->status = CJPEG_OK;
    manager->warning_count = 0;
    manager->message = message;
    manager->first_warning = first_warning;
}

/// Decodes a whole JPEG held in memory to 8-bit RGB with libjpeg's defaults (islow IDCT, fancy upsampling,
/// as Pillow decodes). Grayscale JPEGs are replicated to R=G=B. CMYK/YCCK files are refused (CJPEG_CMYK),
/// and images wider or taller than `max_side`, or with more than `max_pixels` pixels, are refused
/// (CJPEG_TOO_LARGE); both before any pixel data is decoded.
static inline void cjpeg_decode_rgb8(const unsigned char *input, size_t input_size, uint32_t max_side,
                                     uint64_t max_pixels, cjpeg_decode_result *result) {
    memset(result, 0, sizeof *result);
    struct jpeg_decompress_struct cinfo;
    cjpeg_error_manager manager;
    unsigned char *volatile pixels = NULL;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = &manager.base;
    cjpeg_install_error_manager(&manager, result->message, result->first_warning);
    if (setjmp(manager.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free(pixels);
        result->pixels = NULL;
        result->status = manager.status == CJPEG_OK ? CJPEG_CORRUPT : manager.status;
        result->warning_count = manager.warning_count;
        return;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, input, (unsigned long)input_size);
    jpeg_read_header(&cinfo, TRUE);
    result->width = cinfo.image_width;
    result->height = cinfo.image_height;
    result->source_components = cinfo.num_components;
    result->progressive = cinfo.progressive_mode ? 1 : 0;
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        strcpy(result->message, cinfo.jpeg_color_space == JCS_CMYK ? "color space is CMYK" : "color space is YCCK");
        jpeg_destroy_decompress(&cinfo);
        result->status = CJPEG_CMYK;
        return;
    }
    if (cinfo.image_width > max_side || cinfo.image_height > max_side ||
        (uint64_t)cinfo.image_width * (uint64_t)cinfo.image_height > max_pixels) {
        jpeg_destroy_decompress(&cinfo);
        result->status = CJPEG_TOO_LARGE;
        return;
    }
    cinfo.out_color_space = JCS_RGB;
    jpeg_start_decompress(&cinfo);
    if (cinfo.output_components != 3 || cinfo.output_width != result->width || cinfo.output_height != result->height) {
        manager.status = CJPEG_CORRUPT;
        strcpy(result->message, "unexpected output layout after conversion to RGB");
        longjmp(manager.jump, 1);
    }
    size_t row_bytes = (size_t)cinfo.output_width * 3;
    pixels = (unsigned char *)malloc(row_bytes * (size_t)cinfo.output_height + 1);
    if (pixels == NULL) {
        manager.status = CJPEG_NO_MEMORY;
        strcpy(result->message, "out of memory");
        longjmp(manager.jump, 1);
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = pixels + row_bytes * cinfo.output_scanline;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    result->pixels = pixels;
    result->warning_count = manager.warning_count;
    result->status = CJPEG_OK;
}

/// Encodes 8-bit RGB pixels (width*height*3 bytes, row-major) as a baseline JFIF JPEG with libjpeg's
/// defaults (4:2:0 chroma subsampling, standard tables scaled by `quality` in 1...100, islow DCT).
static inline void cjpeg_encode_rgb8(const unsigned char *pixels, uint32_t width, uint32_t height, int quality,
                                     cjpeg_encode_result *result) {
    memset(result, 0, sizeof *result);
    struct jpeg_compress_struct cinfo;
    cjpeg_error_manager manager;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = &manager.base;
    cjpeg_install_error_manager(&manager, result->message, NULL);
    if (setjmp(manager.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(result->data);
        result->data = NULL;
        result->size = 0;
        result->status = manager.status == CJPEG_OK ? CJPEG_CORRUPT : manager.status;
        return;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &result->data, &result->size);
    cinfo.image_width = width;
    cinfo.image_height = height;
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    size_t row_bytes = (size_t)width * 3;
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + row_bytes * cinfo.next_scanline);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    result->status = CJPEG_OK;
}

#endif
