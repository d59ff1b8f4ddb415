#include "parallel_upsample.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace cdlib {

namespace {

// Rows [first, last) of the bilinear resize of `in` into `out` (sized already), as dlib's RGB resize_image computes
// them: the row position accumulates y_scale row by row from -y_scale, columns go four at a time in float SIMD
// (truncating conversions) and the last columns one at a time in double.
void resize_rows(const dlib::array2d<dlib::rgb_pixel> &in, dlib::array2d<dlib::rgb_pixel> &out, long first, long last) {
    using dlib::simd4f;
    using dlib::simd4i;
    const long in_rows = in.nr(), in_cols = in.nc(), out_cols = out.nc();
    const double x_scale = (in_cols - 1) / (double)std::max<long>(out_cols - 1, 1);
    const double y_scale = (in_rows - 1) / (double)std::max<long>(out.nr() - 1, 1);
    double y = -y_scale;
    for (long r = 0; r < first; ++r) y += y_scale;
    for (long r = first; r < last; ++r) {
        y += y_scale;
        const long top = static_cast<long>(std::floor(y));
        const long bottom = std::min(top + 1, in_rows - 1);
        const double tb_frac = y - top;
        const double x0 = -4 * x_scale;
        const simd4f tb = tb_frac, inv_tb = 1 - tb_frac, step = 4 * x_scale;
        simd4f xs(x0, x0 + x_scale, x0 + 2 * x_scale, x0 + 3 * x_scale);
        long c = 0;
        for (;; c += 4) {
            xs += step;
            const simd4i left = simd4i(xs);
            const simd4f lr = xs - left;
            const simd4f inv_lr = 1 - lr;
            const simd4i right = left + 1;
            const simd4f tlf = inv_tb * inv_lr, trf = inv_tb * lr, blf = tb * inv_lr, brf = tb * lr;
            dlib::int32 l[4], rt[4];
            left.store(l);
            right.store(rt);
            if (rt[3] >= in_cols) break;
            const dlib::rgb_pixel *t = &in[top][0], *b = &in[bottom][0];
            dlib::int32 v[4];
            simd4i red = simd4i(tlf * simd4f(t[l[0]].red, t[l[1]].red, t[l[2]].red, t[l[3]].red)
                                + trf * simd4f(t[rt[0]].red, t[rt[1]].red, t[rt[2]].red, t[rt[3]].red)
                                + blf * simd4f(b[l[0]].red, b[l[1]].red, b[l[2]].red, b[l[3]].red)
                                + brf * simd4f(b[rt[0]].red, b[rt[1]].red, b[rt[2]].red, b[rt[3]].red));
            red.store(v);
            for (int k = 0; k < 4; ++k) out[r][c + k].red = static_cast<unsigned char>(v[k]);
            simd4i green = simd4i(tlf * simd4f(t[l[0]].green, t[l[1]].green, t[l[2]].green, t[l[3]].green)
                                  + trf * simd4f(t[rt[0]].green, t[rt[1]].green, t[rt[2]].green, t[rt[3]].green)
                                  + blf * simd4f(b[l[0]].green, b[l[1]].green, b[l[2]].green, b[l[3]].green)
                                  + brf * simd4f(b[rt[0]].green, b[rt[1]].green, b[rt[2]].green, b[rt[3]].green));
            green.store(v);
            for (int k = 0; k < 4; ++k) out[r][c + k].green = static_cast<unsigned char>(v[k]);
            simd4i blue = simd4i(tlf * simd4f(t[l[0]].blue, t[l[1]].blue, t[l[2]].blue, t[l[3]].blue)
                                 + trf * simd4f(t[rt[0]].blue, t[rt[1]].blue, t[rt[2]].blue, t[rt[3]].blue)
                                 + blf * simd4f(b[l[0]].blue, b[l[1]].blue, b[l[2]].blue, b[l[3]].blue)
                                 + brf * simd4f(b[rt[0]].blue, b[rt[1]].blue, b[rt[2]].blue, b[rt[3]].blue));
            blue.store(v);
            for (int k = 0; k < 4; ++k) out[r][c + k].blue = static_cast<unsigned char>(v[k]);
        }
        double x = -x_scale + c * x_scale;
        for (; c < out_cols; ++c) {
            x += x_scale;
            const long left = static_cast<long>(std::floor(x));
            const long right = std::min(left + 1, in_cols - 1);
            const double lr_frac = x - left;
            const dlib::rgb_pixel tl = in[top][left], tr = in[top][right], bl = in[bottom][left], br = in[bottom][right];
            dlib::rgb_pixel temp;
            dlib::assign_pixel(temp, 0);
            dlib::vector_to_pixel(temp,
                (1 - tb_frac) * ((1 - lr_frac) * dlib::pixel_to_vector<double>(tl) + lr_frac * dlib::pixel_to_vector<double>(tr)) +
                tb_frac * ((1 - lr_frac) * dlib::pixel_to_vector<double>(bl) + lr_frac * dlib::pixel_to_vector<double>(br)));
            dlib::assign_pixel(out[r][c], temp);
        }
    }
}

}  // namespace

void parallel_pyramid_up(const dlib::array2d<dlib::rgb_pixel> &in, dlib::array2d<dlib::rgb_pixel> &out, unsigned threads) {
    dlib::pyramid_down<2> pyramid;
    if (in.size() == 0) {
        out.set_size(0, 0);
        return;
    }
    const dlib::rectangle up = pyramid.rect_up(dlib::get_rect(in));
    if (up.is_empty()) {
        out.set_size(0, 0);
        return;
    }
    out.set_size(up.bottom() + 1, up.right() + 1);
    const long rows = out.nr();
    const long bands = std::max<long>(1, std::min<long>(threads, rows / 64));
    if (bands == 1) {
        resize_rows(in, out, 0, rows);
        return;
    }
    std::vector<std::thread> pool;
    std::exception_ptr failure;
    std::mutex failure_lock;
    for (long band = 1; band < bands; ++band) {
        pool.emplace_back([&, band] {
            try {
                resize_rows(in, out, rows * band / bands, rows * (band + 1) / bands);
            } catch (...) {
                std::lock_guard<std::mutex> guard(failure_lock);
                if (!failure) failure = std::current_exception();
            }
        });
    }
    resize_rows(in, out, 0, rows / bands);
    for (auto &thread : pool) thread.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace cdlib
