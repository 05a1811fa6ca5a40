import { Box, Text } from 'ink';
import type { PreviewBlock } from '../src/flow/prompt.js';
import { KeyValue } from './key-value.js';
import { splitEnter } from './split-enter.js';
import { useStepInput } from './use-step-input.js';
import type { StepProps } from './step-props.js';
import { StepFrame } from './step-frame.js';
import { colors, symbols } from './theme.js';

function Block({ block }: { readonly block: PreviewBlock }) {
  if (block.unchanged) {
    // Dimmed, one line: the person should see the target was considered, then look elsewhere.
    return <Text dimColor>{block.label} — unchanged</Text>;
  }
  return (
    <Box flexDirection="column">
      <Text bold>{block.label}</Text>
      <Box marginLeft={2} flexDirection="column">
        <KeyValue lines={block.lines} indent={2} />
        {(block.notes ?? []).map((note, index) => (
          <Text key={`note-${index}`}>
            {symbols.bullet} {note}
          </Text>
        ))}
        {block.warnings.map((warning, index) => (
          <Text key={index} color={colors.warning}>
            {symbols.warning} {warning}
          </Text>
        ))}
      </Box>
    </Box>
  );
}

/**
 * What will be written where, before anything is written: per target, `KEY  before → after`
 * (values masked by the flow), warnings in yellow. Writing needs an explicit y: Enter alone does
 * nothing, because this is the one step that changes the person's files.
 */
export function PreviewStep({ prompt, onAnswer }: StepProps<'preview'>) {
  useStepInput((input, key) => {
    const { text } = splitEnter(input, key.return);
    if (text === 'y' || text === 'Y') onAnswer({ type: 'confirm', id: prompt.id, value: true });
    else if (text === 'n' || text === 'N') onAnswer({ type: 'confirm', id: prompt.id, value: false });
  }, { mode: 'key' });
  return (
    <StepFrame title={prompt.title} help={prompt.help} error={prompt.error} canGoBack={prompt.canGoBack}>
      <Box flexDirection="column" marginY={1} gap={1}>
        {prompt.blocks.map((block, index) => (
          <Block key={index} block={block} />
        ))}
      </Box>
      <Text>
        <Text color={colors.active} bold>
          Write these changes?
        </Text>{' '}
        <Text dimColor>(y/n)</Text>
      </Text>
    </StepFrame>
  );
}
