using Microsoft.ML.AnoOnly;

namespace Microsoft.ML
{
    /// <summary>Creates the AnoOnly trainer from <c>mlContext.AnomalyDetection.Trainers</c>.</summary>
    public static class AnoOnlyCatalog
    {
        /// <summary>
        /// Creates an <see cref="AnoOnlyTrainer"/>: a semi-supervised anomaly detector trained from a few labeled
        /// anomalies and many unlabeled rows, with the loss on the labeled anomalies only.
        /// </summary>
        /// <param name="catalog">The anomaly detection trainers catalog.</param>
        /// <param name="featureColumnName">The feature column: a known-size vector of <see cref="float"/>.</param>
        /// <param name="labelColumnName">The label column: <see cref="bool"/>, or <see cref="float"/> where &gt; 0
        /// marks a labeled anomaly; every other row is unlabeled.</param>
        /// <param name="backbone">The detection network; by default the ensemble of them (<see cref="AnoOnlyBackbone.Ensemble"/>).</param>
        /// <param name="seed">Seed of initialisation and sampling; <see langword="null"/>: from the <see cref="MLContext"/>.</param>
        /// <returns>The trainer.</returns>
        public static AnoOnlyTrainer AnoOnly(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog,
            string featureColumnName = "Features",
            string labelColumnName = "Label",
            AnoOnlyBackbone backbone = AnoOnlyBackbone.Ensemble,
            int? seed = null)
            => catalog.AnoOnly(new AnoOnlyTrainer.Options
            {
                FeatureColumnName = featureColumnName,
                LabelColumnName = labelColumnName,
                Backbone = backbone,
                Seed = seed,
            });

        /// <summary>Creates an <see cref="AnoOnlyTrainer"/> with advanced options.</summary>
        /// <param name="catalog">The anomaly detection trainers catalog.</param>
        /// <param name="options">The trainer's options.</param>
        /// <returns>The trainer.</returns>
        public static AnoOnlyTrainer AnoOnly(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, AnoOnlyTrainer.Options options)
            => new(HostEnvironmentAccess.FromCatalog(catalog), options);
    }
}
