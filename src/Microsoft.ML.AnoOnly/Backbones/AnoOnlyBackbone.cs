namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// The detection network that <see cref="AnoOnlyTrainer"/> trains, or (the default) the ensemble of them. Each
    /// backbone can be trained with the <see cref="AnoOnlyLoss.AnomalyOnly"/> loss (the AnoOnly method) or with its
    /// original <see cref="AnoOnlyLoss.Full"/> loss, so the two can be compared on the same data.
    /// </summary>
    public enum AnoOnlyBackbone
    {
        /// <summary>Deviation Network (Pang et al., KDD 2019): an MLP scorer whose scores of labeled
        /// anomalies are pushed a margin above a Gaussian prior of normal scores.</summary>
        DevNet = 0,

        /// <summary>Deep SAD (Ruff et al., ICLR 2020): a hypersphere embedding; the score is the squared
        /// distance to the centre of the normal data.</summary>
        DeepSad = 1,

        /// <summary>PReNet (Pang et al., KDD 2023): a pairwise relation network scoring pairs of
        /// (anomaly, anomaly), (anomaly, unlabeled) and (unlabeled, unlabeled) rows.</summary>
        PReNet = 2,

        /// <summary>FEAWAD (Zhou et al., TNNLS 2021): an autoencoder whose reconstruction residual, code and
        /// residual norm feed a detection network.</summary>
        FeaWad = 3,

        /// <summary>
        /// The default: an ensemble trained from the same data, DevNet and PReNet with the AnoOnly loss, DeepSAD with its
        /// full loss, the unsupervised distance to the nearest normal rows, and boosted trees on the labels (from five
        /// labeled anomalies), each member's score standardised on
        /// the training rows and weighted by how well it ranks held-out labeled anomalies (docs/how-it-works.md). One
        /// model: it saves, loads and scores like any other.
        /// </summary>
        Ensemble = 4,
    }
}
