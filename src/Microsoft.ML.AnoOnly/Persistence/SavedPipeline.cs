using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Persistence
{
    /// <summary>
    /// The save format. ML.NET keeps its model-saving API internal, so an AnoOnly model is saved as a chain
    /// of ML.NET's own savable transformers that carries the model state as data:
    /// <list type="number">
    /// <item>copy the feature column to <see cref="SavedColumns.Features"/> (CustomMapping does not persist
    /// column renames, so its inputs need fixed names);</item>
    /// <item>CustomMapping <see cref="SavedColumns.StateKeyContract"/>: a constant key per row;</item>
    /// <item>MapValue: key -> the Base64 model state (<see cref="ModelStateCodec"/>), stored in the zip as
    /// the lookup table of ML.NET's value-mapping transformer;</item>
    /// <item>CustomMapping <see cref="SavedColumns.ScoreContract"/>: features + state -> Score, PredictedLabel;</item>
    /// <item>drop the internal columns.</item>
    /// </list>
    /// CustomMapping records this assembly's name in the zip, so <c>mlContext.Model.Load</c> finds the
    /// mapping factories in a fresh process with no registration call.
    /// </summary>
    internal static class SavedPipeline
    {
        private sealed class StateRow
        {
            public string Key = SavedColumns.StateKeyValue;
            public string Value = string.Empty;
        }

        public static ITransformer Build(ModelState state, DataViewSchema inputSchema)
            => Build(ModelStateCodec.EncodeToText(state), state.FeatureColumnName, inputSchema);

        /// <summary>The chain for an already encoded state (tests use it to write states of other versions).</summary>
        internal static ITransformer Build(string stateText, string featureColumnName, DataViewSchema inputSchema)
        {
            var ml = new MLContext();
            IDataView lookup = ml.Data.LoadFromEnumerable(new[] { new StateRow { Value = stateText } });
            var estimator = ml.Transforms.CopyColumns(SavedColumns.Features, featureColumnName)
                .Append(ml.Transforms.CustomMapping<AnoOnlyStateKeyInput, AnoOnlyStateKeyOutput>(
                    AnoOnlyStateKeyMappingFactory.Map, SavedColumns.StateKeyContract))
                .Append(ml.Transforms.Conversion.MapValue(SavedColumns.State, lookup,
                    lookup.Schema[nameof(StateRow.Key)], lookup.Schema[nameof(StateRow.Value)], SavedColumns.StateKey))
                .Append(ml.Transforms.CustomMapping<AnoOnlyScoreInput, AnoOnlyScoreOutput>(
                    AnoOnlyScoreMappingFactory.Map, SavedColumns.ScoreContract))
                .Append(ml.Transforms.DropColumns(SavedColumns.Features, SavedColumns.StateKey, SavedColumns.State));
            return estimator.Fit(new EmptyDataView(inputSchema));
        }
    }
}
