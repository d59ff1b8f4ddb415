#include "parallel_detector.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <thread>

namespace cdlib {

namespace {

// Runs task(0..count-1) on `threads` threads; rethrows the first exception.
void run_tasks(size_t count, unsigned threads, const std::function<void(size_t)> &task) {
    if (threads <= 1 || count <= 1) {
        for (size_t i = 0; i < count; ++i) task(i);
        return;
    }
    std::atomic<size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_lock;
    auto worker = [&] {
        try {
            for (size_t i = next++; i < count; i = next++) task(i);
        } catch (...) {
            std::lock_guard<std::mutex> guard(failure_lock);
            if (!failure) failure = std::current_exception();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto &thread : pool) thread.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace

parallel_detector::parallel_detector(const dlib::frontal_face_detector &detector) : detector_(detector) {
    const auto &scanner = detector_.get_scanner();
    for (unsigned long i = 0; i < detector_.num_detectors(); ++i) {
        filters_.push_back(scanner.build_fhog_filterbank(detector_.get_w(i)));
        thresholds_.push_back(detector_.get_w(i)(scanner.get_num_dimensions()));
    }
}

void parallel_detector::detect(const dlib::array2d<dlib::rgb_pixel> &img, std::vector<dlib::rect_detection> &final_dets,
                               double adjust_threshold, unsigned threads) const {
    if (threads == 0) {
        detector_(img, final_dets, adjust_threshold);
        return;
    }
    using pyramid_type = dlib::pyramid_down<6>;
    const auto &scanner = detector_.get_scanner();
    const auto &fe = scanner.get_feature_extractor();
    const int cell_size = static_cast<int>(scanner.get_cell_size());
    const unsigned long width = scanner.get_fhog_window_width(), height = scanner.get_fhog_window_height();
    const unsigned long padding = scanner.get_padding();

    // The pyramid's levels (as impl::create_fhog_pyramid counts them) and their images, serially.
    pyramid_type pyr;
    unsigned long levels = 0;
    dlib::rectangle rect = dlib::get_rect(img);
    do {
        rect = pyr.rect_down(rect);
        ++levels;
    } while (rect.width() >= scanner.get_min_pyramid_layer_width() &&
             rect.height() >= scanner.get_min_pyramid_layer_height() && levels < scanner.get_max_pyramid_levels());
    std::vector<dlib::array2d<dlib::rgb_pixel>> images(levels > 1 ? levels - 1 : 0);
    for (unsigned long l = 1; l < levels; ++l) pyr(l == 1 ? img : images[l - 2], images[l - 1]);

    // FHOG features per level, in parallel (largest levels first).
    dlib::array<dlib::array<dlib::array2d<float>>> feats;
    feats.set_max_size(levels);
    feats.set_size(levels);
    run_tasks(levels, threads, [&](size_t l) {
        fe(l == 0 ? img : images[l - 1], feats[l], cell_size, height, width);
    });

    // Filter responses per (filter bank, level), in parallel.
    const size_t banks = filters_.size();
    std::vector<dlib::array2d<float>> saliency(banks * levels);
    std::vector<dlib::rectangle> areas(banks * levels);
    run_tasks(banks * levels, threads, [&](size_t task) {
        const size_t l = task % levels, i = task / levels;
        areas[task] = dlib::impl::apply_filters_to_fhog(filters_[i], feats[l], saliency[task]);
    });

    // The rest as scan_fhog_pyramid::detect and object_detector::operator() do it.
    std::vector<dlib::rect_detection> dets_accum;
    for (size_t i = 0; i < banks; ++i) {
        const double thresh = thresholds_[i] + adjust_threshold;
        std::vector<std::pair<double, dlib::rectangle>> dets;
        for (unsigned long l = 0; l < levels; ++l) {
            const dlib::rectangle &area = areas[i * levels + l];
            const dlib::array2d<float> &s = saliency[i * levels + l];
            for (long r = area.top(); r <= area.bottom(); ++r) {
                for (long c = area.left(); c <= area.right(); ++c) {
                    if (s[r][c] >= thresh) {
                        dlib::rectangle box = fe.feats_to_image(
                            dlib::centered_rect(dlib::point(c, r), width - 2 * padding, height - 2 * padding),
                            cell_size, height, width);
                        box = pyr.rect_up(box, l);
                        dets.push_back(std::make_pair(s[r][c], box));
                    }
                }
            }
        }
        std::sort(dets.rbegin(), dets.rend(), dlib::impl::compare_pair_rect);
        for (const auto &d : dets) {
            dlib::rect_detection temp;
            temp.detection_confidence = d.first - thresholds_[i];
            temp.weight_index = i;
            temp.rect = d.second;
            dets_accum.push_back(temp);
        }
    }
    final_dets.clear();
    if (banks > 1) std::sort(dets_accum.rbegin(), dets_accum.rend());
    const auto &overlap = detector_.get_overlap_tester();
    for (const auto &candidate : dets_accum) {
        bool overlaps = false;
        for (const auto &kept : final_dets) {
            if (overlap(kept.rect, candidate.rect)) { overlaps = true; break; }
        }
        if (!overlaps) final_dets.push_back(candidate);
    }
}

}  // namespace cdlib
