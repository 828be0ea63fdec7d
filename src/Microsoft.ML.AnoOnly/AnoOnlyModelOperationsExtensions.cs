using System.IO;
using System.Threading;
using Microsoft.ML.AnoOnly;
using Microsoft.ML.AnoOnly.Onnx;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.Data;

namespace Microsoft.ML
{
    /// <summary>
    /// Saving and loading model files safely, from <c>mlContext.Model</c>. <c>Model.Save</c> writes the file in
    /// place (a failure half-way destroys the model saved before) and <c>Model.Load</c> reports a damaged file
    /// through ML.NET's nested reflection exceptions, while an AnoOnly model's state is only decoded when the
    /// first row is scored. These two methods close those gaps; they work with any ML.NET model file.
    /// </summary>
    public static class AnoOnlyModelOperationsExtensions
    {
        /// <summary>
        /// Saves <paramref name="model"/> like <c>Model.Save</c>, but never leaves a half-written file at
        /// <paramref name="filePath"/>: the model is written to a temporary file in the same folder, flushed to
        /// disk, and only then moved over <paramref name="filePath"/> in one atomic rename. If saving fails or is
        /// cancelled, the file that was there before is left untouched and the temporary file is removed.
        /// </summary>
        /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
        /// <param name="model">The trained model (any <see cref="ITransformer"/> ML.NET can save).</param>
        /// <param name="inputSchema">The schema of the data the model was trained on, or <see langword="null"/>.</param>
        /// <param name="filePath">Where to save; an existing file is replaced.</param>
        /// <param name="cancellationToken">Checked on every write; cancelling throws <see cref="System.OperationCanceledException"/>.</param>
        public static void SaveAtomic(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema? inputSchema, string filePath,
            CancellationToken cancellationToken = default)
            => AtomicModelFile.Save(catalog, model, inputSchema, filePath, cancellationToken);

        /// <summary>
        /// Loads a model file like <c>Model.Load</c> and checks every AnoOnly model in it right away (format
        /// version, checksum, weights), instead of on the first scored row. Any problem with the file comes out
        /// as one <see cref="AnoOnlyModelFormatException"/> that names the file and says what is wrong.
        /// </summary>
        /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
        /// <param name="filePath">The model file, saved with <c>Model.Save</c> or <see cref="SaveAtomic"/>.</param>
        /// <param name="inputSchema">The schema of the data the model was trained on, as saved with the model.</param>
        /// <returns>The loaded model, as <c>Model.Load</c> returns it.</returns>
        /// <exception cref="System.IO.FileNotFoundException">There is no file at <paramref name="filePath"/>.</exception>
        /// <exception cref="AnoOnlyModelFormatException">The file is empty, truncated, corrupted, not an ML.NET model,
        /// holds no AnoOnly model, or was written by a newer format version.</exception>
        public static ITransformer LoadValidated(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema)
            => ModelFileReader.Load(catalog, filePath, out inputSchema);

        /// <summary>
        /// Loads a model file saved with <c>Model.Save</c> (or <see cref="SaveAtomic"/>) from a pipeline that ends with an
        /// AnoOnly model, and returns it as the type <c>pipeline.Fit</c> returns: the ML.NET transformers saved before the
        /// model (normalizers, <c>Concatenate</c>, featurizers, as ML.NET loads them) followed by an
        /// <see cref="AnoOnlyTransformer"/>, with its <see cref="AnoOnlyTransformer.Threshold"/>,
        /// <see cref="AnoOnlyTransformer.WithThreshold"/>, <see cref="AnoOnlyTransformer.Backbone"/>,
        /// <see cref="AnoOnlyTransformer.Loss"/> and <see cref="AnoOnlyTransformer.FeatureCount"/> as before saving. It scores
        /// as fast as the trained model (<c>Transform</c> and <c>PredictionEngine</c>), explains its scores and exports to
        /// ONNX. The AnoOnly model is decoded and checked at once.
        /// </summary>
        /// <remarks>
        /// A pipeline whose AnoOnly model is followed by further steps is refused (the returned type ends with the model,
        /// and silently dropping the later steps would change what <c>Transform</c> gives): load it with <c>Model.Load</c>
        /// or <see cref="LoadValidated"/>. Before ML.NET reads the zip, its declared content size is checked to be in
        /// proportion to the file (docs/reliability.md).
        /// </remarks>
        /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
        /// <param name="filePath">The model file.</param>
        /// <param name="inputSchema">The schema of the data the model was trained on, as saved with the model.</param>
        /// <returns>The model, of the type <c>Fit</c> returned.</returns>
        /// <exception cref="FileNotFoundException">There is no file at <paramref name="filePath"/>.</exception>
        /// <exception cref="AnoOnlyModelFormatException">The file is not an ML.NET model, holds no AnoOnly model, holds a damaged
        /// one or one of a newer format version, or one followed by other steps; the message names the file.</exception>
        public static TransformerChain<AnoOnlyTransformer> LoadAnoOnly(this ModelOperationsCatalog catalog, string filePath,
            out DataViewSchema inputSchema)
            => ModelFileReader.LoadTyped(catalog, filePath, out inputSchema);

        /// <summary>
        /// Loads a model from <paramref name="stream"/> like <see cref="LoadAnoOnly(ModelOperationsCatalog, string, out DataViewSchema)"/>.
        /// </summary>
        /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
        /// <param name="stream">The model zip, read from its current position; left open.</param>
        /// <param name="inputSchema">The schema of the data the model was trained on, as saved with the model.</param>
        /// <returns>The model, of the type <c>Fit</c> returned.</returns>
        /// <exception cref="AnoOnlyModelFormatException">As for a file; the message speaks of the model stream.</exception>
        public static TransformerChain<AnoOnlyTransformer> LoadAnoOnly(this ModelOperationsCatalog catalog, Stream stream,
            out DataViewSchema inputSchema)
            => ModelFileReader.LoadTyped(catalog, stream, out inputSchema);

        /// <summary>
        /// Writes an AnoOnly model as an ONNX model, to score it in other engines (ONNX Runtime on CPU or GPU, SynapseML on
        /// Spark, SQL Server's or Azure SQL Edge's <c>PREDICT</c>): input <c>Features</c>, float [N, d]; outputs <c>Score</c>,
        /// float [N], and <c>PredictedLabel</c>, bool [N] (<c>Score &gt; Threshold</c>). Each backbone writes its own network
        /// (opset 12 operators only); a model of several members combines them as it scores.
        /// </summary>
        /// <remarks>
        /// <paramref name="model"/> is trained (an <see cref="AnoOnlyTransformer"/> or the chain <c>Fit</c> returns) or loaded
        /// (<c>LoadAnoOnly</c>, or <c>Model.Load</c>'s chain). The normalizers directly before the AnoOnly model
        /// (<c>NormalizeMinMax</c>, <c>NormalizeMeanVariance</c> in place on the feature column) are folded into the graph, so
        /// <c>Features</c> takes the values they read; steps before them (<c>Concatenate</c>, featurizers) are not, and the
        /// ONNX model takes the vector they produce. Scores equal the managed scorer's within float rounding.
        /// </remarks>
        /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
        /// <param name="model">The model or pipeline, ending with the AnoOnly model.</param>
        /// <param name="stream">Where the ONNX protobuf is written; left open.</param>
        /// <exception cref="AnoOnlyModelFormatException"><paramref name="model"/> does not end with an AnoOnly model.</exception>
        /// <exception cref="System.NotSupportedException">A normalizer directly before the model cannot be folded (another mode,
        /// several columns, a renamed column).</exception>
        public static void ConvertAnoOnlyToOnnx(this ModelOperationsCatalog catalog, ITransformer model, Stream stream)
        {
            System.ArgumentNullException.ThrowIfNull(catalog);
            AnoOnlyOnnxExporter.Write(model, stream);
        }

        /// <summary>
        /// Writes an AnoOnly model as an ONNX model like <see cref="ConvertAnoOnlyToOnnx(ModelOperationsCatalog, ITransformer, Stream)"/>,
        /// but with one input per feature, float [N, 1], named <paramref name="featureInputNames"/> in the feature vector's
        /// order: the form SQL Server's and Azure SQL Edge's <c>PREDICT</c> binds table columns to (one column per input,
        /// by name).
        /// </summary>
        /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
        /// <param name="model">The model or pipeline, ending with the AnoOnly model.</param>
        /// <param name="stream">Where the ONNX protobuf is written; left open.</param>
        /// <param name="featureInputNames">One distinct name per feature, for example the table's column names.</param>
        /// <exception cref="System.ArgumentException">Not one distinct, non-empty name per feature.</exception>
        public static void ConvertAnoOnlyToOnnx(this ModelOperationsCatalog catalog, ITransformer model, Stream stream,
            System.Collections.Generic.IReadOnlyList<string> featureInputNames)
        {
            System.ArgumentNullException.ThrowIfNull(catalog);
            AnoOnlyOnnxExporter.Write(model, stream, featureInputNames ?? throw new System.ArgumentNullException(nameof(featureInputNames)));
        }
    }
}
