using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.AnoOnly.Persistence
{
    /// <summary>Names of the internal columns and mapping contracts of a saved model. Changing any of them
    /// breaks loading of models saved before: add new ones instead.</summary>
    internal static class SavedColumns
    {
        public const string Features = "AnoOnly.Features";
        public const string StateKey = "AnoOnly.StateKey";
        public const string State = "AnoOnly.State";
        public const string StateKeyValue = "model";
        public const string StateKeyContract = "Microsoft.ML.AnoOnly.StateKey.v1";
        public const string ScoreContract = "Microsoft.ML.AnoOnly.Score.v1";
    }

    /// <summary>Input of the state-key mapping: it reads no column.</summary>
    public sealed class AnoOnlyStateKeyInput
    {
    }

    /// <summary>Output of the state-key mapping: the constant key under which the model state is stored.</summary>
    public sealed class AnoOnlyStateKeyOutput
    {
        /// <summary>The key.</summary>
        [ColumnName(SavedColumns.StateKey)]
        public string Key = SavedColumns.StateKeyValue;
    }

    /// <summary>Input of the scoring mapping: the row's features and the model state.</summary>
    public sealed class AnoOnlyScoreInput
    {
        /// <summary>The row's features.</summary>
        [ColumnName(SavedColumns.Features)]
        public float[] Features = Array.Empty<float>();

        /// <summary>The serialized model state (the same string for every row).</summary>
        [ColumnName(SavedColumns.State)]
        public ReadOnlyMemory<char> State;
    }

    /// <summary>Output of the scoring mapping.</summary>
    public sealed class AnoOnlyScoreOutput
    {
        /// <summary>The anomaly score: higher is more anomalous.</summary>
        public float Score;

        /// <summary>Score &gt; threshold.</summary>
        public bool PredictedLabel;
    }

    /// <summary>Maps every row to the constant key of the model state. Registered by contract name, so a
    /// saved model loads without any registration call.</summary>
    [CustomMappingFactoryAttribute(SavedColumns.StateKeyContract)]
    public sealed class AnoOnlyStateKeyMappingFactory : CustomMappingFactory<AnoOnlyStateKeyInput, AnoOnlyStateKeyOutput>
    {
        /// <inheritdoc />
        public override Action<AnoOnlyStateKeyInput, AnoOnlyStateKeyOutput> GetMapping() => Map;

        internal static void Map(AnoOnlyStateKeyInput input, AnoOnlyStateKeyOutput output) => output.Key = SavedColumns.StateKeyValue;
    }

    /// <summary>Scores a row with the managed scorer decoded from the model state column.</summary>
    [CustomMappingFactoryAttribute(SavedColumns.ScoreContract)]
    public sealed class AnoOnlyScoreMappingFactory : CustomMappingFactory<AnoOnlyScoreInput, AnoOnlyScoreOutput>
    {
        /// <inheritdoc />
        public override Action<AnoOnlyScoreInput, AnoOnlyScoreOutput> GetMapping() => Map;

        internal static void Map(AnoOnlyScoreInput input, AnoOnlyScoreOutput output)
        {
            LoadedModel model = LoadedModel.From(input.State);
            float score = ScoringGuard.Score(model.Scorer, input.Features, model.State.FeatureColumnName);
            output.Score = score;
            output.PredictedLabel = score > model.State.Threshold;
        }
    }

    /// <summary>
    /// A decoded model state and its scorer, cached per state string: every row carries the same string
    /// instance (from the value-mapping lookup), so decoding happens once per loaded model, not per row.
    /// </summary>
    internal sealed class LoadedModel
    {
        private static readonly ConditionalWeakTable<string, LoadedModel> Cache = new();

        private LoadedModel(ModelState state)
        {
            State = state;
            Scorer = new ModelScorer(state);
        }

        public ModelState State { get; }
        public IAnomalyScorer Scorer { get; }

        public static LoadedModel From(ReadOnlyMemory<char> stateText)
        {
            if (MemoryMarshal.TryGetString(stateText, out string? text, out int start, out int length)
                && start == 0 && length == text.Length)
                return Cache.GetValue(text, static t => new LoadedModel(ModelStateCodec.DecodeFromText(t)));
            if (stateText.IsEmpty)
                throw new AnoOnlyModelFormatException("The AnoOnly model state is missing from the model.");
            string copy = stateText.ToString();
            return Cache.GetValue(copy, static t => new LoadedModel(ModelStateCodec.DecodeFromText(t)));
        }
    }
}
