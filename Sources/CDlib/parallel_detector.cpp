#include "parallel_detector.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace cdlib {

namespace {

// One unit of the detector's work: the pyramid image of a level (after the level above it), the FHOG features of a
// level (after its image) or one filter bank's responses on a level (after its features).
struct detector_task {
    enum kind_type { image, features, filters } kind;
    size_t level, bank;
    double cost;            // the level's area: larger tasks are taken first, so the last ones to finish are short
};

// Runs the detector's work on `threads` threads as a dependency graph: the serial chain of pyramid images is built
// while other threads already extract features and filter the levels that are ready. Every task computes exactly
// what dlib computes, only the order across threads differs. Rethrows the first exception.
class detector_schedule {
public:
    detector_schedule(size_t levels, size_t banks, std::function<double(size_t)> area,
                      std::function<void(const detector_task &)> run)
        : levels_(levels), banks_(banks), area_(std::move(area)), run_(std::move(run)) {}

    void execute(unsigned threads) {
        remaining_ = levels_ + levels_ * banks_ + (levels_ > 0 ? levels_ - 1 : 0);
        if (levels_ == 0) return;
        push({detector_task::features, 0, 0, area_(0)});
        if (levels_ > 1) push({detector_task::image, 1, 0, 0});
        if (threads <= 1) {
            while (!ready_.empty()) finish(take());
            return;
        }
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back([this] { work(); });
        work();
        for (auto &thread : pool) thread.join();
        if (failure_) std::rethrow_exception(failure_);
    }

private:
    void push(detector_task task) { ready_.push_back(task); }

    // The next task: the pyramid chain first (it is the critical path), then the largest.
    detector_task take() {
        auto best = ready_.begin();
        for (auto it = ready_.begin(); it != ready_.end(); ++it) {
            if (it->kind == detector_task::image) { best = it; break; }
            if (it->cost > best->cost || (it->cost == best->cost && it->kind < best->kind)) best = it;
        }
        detector_task task = *best;
        ready_.erase(best);
        return task;
    }

    // Runs `task` and queues what it unblocks (callers of the threaded path hold no lock while it runs).
    void finish(const detector_task &task) {
        run_(task);
        complete(task);
    }

    void complete(const detector_task &task) {
        --remaining_;
        switch (task.kind) {
        case detector_task::image:
            push({detector_task::features, task.level, 0, area_(task.level)});
            if (task.level + 1 < levels_) push({detector_task::image, task.level + 1, 0, 0});
            break;
        case detector_task::features:
            for (size_t b = 0; b < banks_; ++b) push({detector_task::filters, task.level, b, area_(task.level) / 2});
            break;
        case detector_task::filters:
            break;
        }
    }

    void work() {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            ready_changed_.wait(lock, [this] { return !ready_.empty() || remaining_ == 0 || failure_; });
            if (remaining_ == 0 || failure_) return;
            detector_task task = take();
            lock.unlock();
            try {
                run_(task);
            } catch (...) {
                lock.lock();
                if (!failure_) failure_ = std::current_exception();
                ready_changed_.notify_all();
                return;
            }
            lock.lock();
            complete(task);
            ready_changed_.notify_all();
        }
    }

    const size_t levels_, banks_;
    const std::function<double(size_t)> area_;
    const std::function<void(const detector_task &)> run_;
    std::vector<detector_task> ready_;
    size_t remaining_ = 0;
    std::mutex mutex_;
    std::condition_variable ready_changed_;
    std::exception_ptr failure_;
};

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

    // The pyramid's levels, as impl::create_fhog_pyramid counts them, and their sizes.
    pyramid_type pyr;
    unsigned long levels = 0;
    std::vector<double> areas_of_levels;
    dlib::rectangle rect = dlib::get_rect(img);
    do {
        areas_of_levels.push_back(static_cast<double>(rect.area()));
        rect = pyr.rect_down(rect);
        ++levels;
    } while (rect.width() >= scanner.get_min_pyramid_layer_width() &&
             rect.height() >= scanner.get_min_pyramid_layer_height() && levels < scanner.get_max_pyramid_levels());

    // Pyramid images, FHOG features per level and filter responses per (bank, level), as one task graph.
    const size_t banks = filters_.size();
    std::vector<dlib::array2d<dlib::rgb_pixel>> images(levels > 1 ? levels - 1 : 0);
    dlib::array<dlib::array<dlib::array2d<float>>> feats;
    feats.set_max_size(levels);
    feats.set_size(levels);
    std::vector<dlib::array2d<float>> saliency(banks * levels);
    std::vector<dlib::rectangle> areas(banks * levels);
    auto level_image = [&](size_t l) -> const dlib::array2d<dlib::rgb_pixel> & { return l == 0 ? img : images[l - 1]; };
    detector_schedule schedule(levels, banks, [&](size_t l) { return areas_of_levels[l]; },
                               [&](const detector_task &task) {
        const size_t l = task.level;
        switch (task.kind) {
        case detector_task::image: pyr(level_image(l - 1), images[l - 1]); break;
        case detector_task::features: fe(level_image(l), feats[l], cell_size, height, width); break;
        case detector_task::filters:
            areas[task.bank * levels + l] =
                dlib::impl::apply_filters_to_fhog(filters_[task.bank], feats[l], saliency[task.bank * levels + l]);
            break;
        }
    });
    schedule.execute(threads);

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
