extension Direction {
    /// Checks the direction against a model with `styleCount` W+ rows of width `styleDim`: D must equal
    /// `styleDim` (GANSpace mean too), the vector has 1 or `styleCount` rows, the default layers fit, and every
    /// value is finite. Errors name the file and both sizes.
    public func validate(styleCount: Int, styleDim: Int) throws {
        let file = source.path
        guard dimension == styleDim else {
            throw DirectionError.dimensionMismatch(file: file, name: name, expected: styleDim, actual: dimension)
        }
        guard rowCount == 1 || rowCount == styleCount else {
            throw DirectionError.rowCountMismatch(file: file, name: name, expected: styleCount, actual: rowCount)
        }
        do { try defaultLayers.validated(styleCount: styleCount) } catch let error as LayerRangeError {
            throw DirectionError.layersOutOfRange(file: (manifestURL ?? source).path, name: name, reason: error.description)
        }
        try DirectionFile.requireFinite(vector, file: file, what: "the direction")
        if let ganspace {
            guard ganspace.mean.shape == [1, styleDim] else {
                throw DirectionError.dimensionMismatch(file: file, name: name, expected: styleDim, actual: ganspace.mean.shape.last ?? 0)
            }
            try DirectionFile.requireFinite(ganspace.mean, file: file, what: "GANSpace 'mean'")
            guard ganspace.standardDeviation > 0, ganspace.standardDeviation.isFinite else {
                throw DirectionError.invalidContent(
                    file: file, reason: "GANSpace standard deviation of component \(ganspace.index) is \(ganspace.standardDeviation); it must be > 0")
            }
        }
    }
}
