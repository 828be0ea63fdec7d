namespace Microsoft.ML.AnoOnly
{
    public sealed partial class AnoOnlyTrainer
    {
        public sealed partial class Options
        {
            /// <summary>
            /// The optional column of rows a person reviewed and found normal: <see cref="bool"/> (true = confirmed
            /// normal), or <see cref="float"/> where a value above zero marks a confirmed normal. <see langword="null"/>
            /// (default): no such column, every row not labeled as an anomaly is unlabeled.
            /// </summary>
            /// <remarks>
            /// Confirmed normals are a second, explicitly supervised set beside the labeled anomalies: every one is kept
            /// (the <see cref="MaxUnlabeledRows"/> reservoir is for unlabeled rows only), they fill up to a quarter of
            /// every training batch so BatchNorm always sees them, and under the <see cref="AnoOnlyLoss.AnomalyOnly"/>
            /// loss they carry a loss term of their own: the backbone's term for a normal row, one-sided (it pushes down a
            /// confirmed normal that scores high, never up), its mean added with weight 1 to the labeled anomalies' mean
            /// (under the <see cref="AnoOnlyLoss.Full"/> loss they are normal samples like the unlabeled ones). Unlabeled rows keep only their BatchNorm role. A row marked both as
            /// labeled anomaly and as confirmed normal is an <see cref="AnoOnlyInputException"/>. Without confirmed
            /// normals training is exactly as without this column. See docs/how-it-works.md.
            /// </remarks>
            public string? ConfirmedNormalColumnName;
        }
    }
}
