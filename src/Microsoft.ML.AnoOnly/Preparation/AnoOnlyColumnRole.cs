namespace Microsoft.ML.AnoOnly
{
    /// <summary>What <see cref="AnoOnlyFeaturizer"/> made of an input column.</summary>
    public enum AnoOnlyColumnRole
    {
        /// <summary>A number feature: converted to <see cref="float"/>, missing values imputed, min-max scaled.</summary>
        Numeric = 0,

        /// <summary>One-hot encoded: one 0/1 feature per category met in the training rows; a category never met
        /// encodes as all zeros.</summary>
        Categorical = 1,

        /// <summary>Not a feature: the label, an excluded column, an id-like or high-cardinality text column, or a
        /// type that cannot be a feature. <see cref="AnoOnlyFeatureColumn.Reason"/> says which.</summary>
        LeftOut = 2,
    }
}
