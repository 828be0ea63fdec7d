namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// Which reconstruction-residual norm enters the loss of the <see cref="AnoOnlyBackbone.FeaWad"/> backbone
    /// (other backbones ignore it). FEAWAD's loss adds the residual norm to the score loss of unlabeled rows and
    /// a hinge <c>max(5 - norm, 0)</c> to that of labeled anomalies. See docs/backbones/feawad.md.
    /// </summary>
    public enum FeaWadResidualLoss
    {
        /// <summary>
        /// As FEAWAD's published code and the AnoOnly reference compute it (default): the norm of the
        /// <em>normalised</em> residual, which is always 1, so both residual terms are constants
        /// (+1 for unlabeled rows, +4 for labeled anomalies) and only the score terms train the network.
        /// Matches the reference numbers.
        /// </summary>
        NormalizedResidual = 0,

        /// <summary>
        /// The norm of the raw reconstruction residual <c>x - AE(x)</c>, as the FEAWAD paper describes: the
        /// autoencoder is also pushed to reconstruct unlabeled rows well and labeled anomalies badly (up to a
        /// norm of 5).
        /// </summary>
        RawResidual = 1,
    }
}
