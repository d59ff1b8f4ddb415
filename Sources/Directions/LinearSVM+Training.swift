import CLinear
import Foundation
import TensorCore

// liblinear keeps global state (the print hook, and rand() in the dual solver); training runs one at a time.
private let liblinearLock = NSLock()

extension LinearSVM {
    /// Trains an L2-regularised L2-loss linear SVM with liblinear.
    ///
    /// features: [N, D] (finite), labels: [N] of +1/-1 with both classes present.
    /// Deterministic: liblinear's random permutation is seeded with a fixed value (`srand(1)`).
    /// liblinear's progress output is silenced.
    public static func train(features: Tensor, labels: [Int], parameters: Parameters = Parameters()) throws -> LinearSVM {
        guard features.rank == 2, features.shape[0] >= 1, features.shape[1] >= 1 else {
            throw LinearSVMError.featuresNotMatrix(shape: features.shape)
        }
        let (n, d) = (features.shape[0], features.shape[1])
        guard labels.count == n else { throw LinearSVMError.labelCountMismatch(samples: n, labels: labels.count) }
        if let bad = labels.firstIndex(where: { $0 != 1 && $0 != -1 }) {
            throw LinearSVMError.invalidLabel(index: bad, value: labels[bad])
        }
        if labels.allSatisfy({ $0 == labels[0] }) { throw LinearSVMError.singleClass(label: labels[0], samples: n) }
        guard parameters.cost > 0, parameters.cost.isFinite else {
            throw LinearSVMError.invalidParameter("cost C must be positive and finite, got \(parameters.cost)")
        }
        if let eps = parameters.tolerance, !(eps > 0 && eps.isFinite) {
            throw LinearSVMError.invalidParameter("tolerance must be positive and finite, got \(eps)")
        }
        let rowLength = d + (parameters.fitsBias ? 1 : 0) + 1  // features, optional bias, terminator
        let (nodeCount, overflow) = n.multipliedReportingOverflow(by: rowLength)
        guard n <= Int(Int32.max), d < Int(Int32.max) - 1, !overflow else {
            throw LinearSVMError.problemTooLarge(samples: n, dimensions: d)
        }

        // One contiguous buffer of feature_nodes (1-based indices), rows addressed by pointer.
        let nodes = UnsafeMutablePointer<feature_node>.allocate(capacity: nodeCount)
        defer { nodes.deallocate() }
        try features.withUnsafeBufferPointer { x in
            for row in 0..<n {
                let out = nodes + row * rowLength
                for j in 0..<d {
                    let v = x[row * d + j]
                    guard v.isFinite else { throw LinearSVMError.nonFiniteFeature(row: row, column: j, value: v) }
                    out[j] = feature_node(index: Int32(j + 1), value: Double(v))
                }
                if parameters.fitsBias { out[d] = feature_node(index: Int32(d + 1), value: 1) }
                out[rowLength - 1] = feature_node(index: -1, value: 0)
            }
        }
        var rows = (0..<n).map { Optional(nodes + $0 * rowLength) }
        var targets = labels.map(Double.init)

        let solver = parameters.solver == .dual ? Int32(L2R_L2LOSS_SVC_DUAL) : Int32(L2R_L2LOSS_SVC)
        let eps = parameters.tolerance ?? (parameters.solver == .dual ? 0.1 : 0.01)

        return try rows.withUnsafeMutableBufferPointer { rowPointers in
            try targets.withUnsafeMutableBufferPointer { y in
                var prob = problem(l: Int32(n), n: Int32(d + (parameters.fitsBias ? 1 : 0)),
                                   y: y.baseAddress, x: rowPointers.baseAddress,
                                   bias: parameters.fitsBias ? 1 : -1)
                var param = parameter(solver_type: solver, eps: eps, C: parameters.cost, nr_weight: 0,
                                      weight_label: nil, weight: nil, p: 0.1, init_sol: nil)
                if let message = check_parameter(&prob, &param) {
                    throw LinearSVMError.invalidParameter(String(cString: message))
                }
                liblinearLock.lock()
                defer { liblinearLock.unlock() }
                set_print_string_function { _ in }
                srand(1)
                var trained = CLinear.train(&prob, &param)
                defer { free_and_destroy_model(&trained) }
                guard let trained else { throw LinearSVMError.trainingFailed }
                return readModel(trained, dimensions: d)
            }
        }
    }

    /// w and b of the +1 class from a liblinear model.
    private static func readModel(_ trained: UnsafeMutablePointer<model>, dimensions d: Int) -> LinearSVM {
        var classLabels = [Int32](repeating: 0, count: Int(get_nr_class(trained)))
        get_labels(trained, &classLabels)
        let positive = Int32(classLabels.firstIndex(of: 1) ?? 0)
        let weights = (0..<d).map { Float(get_decfun_coef(trained, Int32($0 + 1), positive)) }
        return LinearSVM(weights: weights, bias: Float(get_decfun_bias(trained, positive)))
    }
}
