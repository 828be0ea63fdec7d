namespace Microsoft.ML.AnoOnly
{
    /// <summary>Options of <see cref="AnoOnlyReviewCatalog.SelectRowsToReview(AnomalyDetectionCatalog, ITransformer, IDataView, int, AnoOnlyReviewOptions)"/>.</summary>
    public sealed class AnoOnlyReviewOptions
    {
        /// <summary>The strategy this library recommends for an analyst in the loop: <see cref="AnoOnlyReviewStrategy.TopDiverse"/>.</summary>
        public const AnoOnlyReviewStrategy RecommendedStrategy = AnoOnlyReviewStrategy.TopDiverse;

        /// <summary>How rows are chosen. Default: <see cref="RecommendedStrategy"/>.</summary>
        public AnoOnlyReviewStrategy Strategy = RecommendedStrategy;

        /// <summary>Seed of the strategies that draw at random. <see langword="null"/> (default): drawn from the
        /// <see cref="MLContext"/>'s random source, so <c>new MLContext(seed)</c> makes the choice repeatable.</summary>
        public int? Seed;

        /// <summary>The model's score column, higher = more anomalous. Default: <c>Score</c>.</summary>
        public string ScoreColumnName = "Score";

        /// <summary>
        /// The model's output column of features that distances are measured on (strategies that spread their picks):
        /// a vector of <see cref="float"/>. Default: <c>Features</c>, which in a pipeline of
        /// <c>NormalizeMinMax("Features")</c> and the trainer is the scaled vector the model reads.
        /// </summary>
        public string FeatureColumnName = "Features";
    }
}
