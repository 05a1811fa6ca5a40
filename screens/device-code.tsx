import { Box, Text, useStdout } from 'ink';
import { BESIDE_GAP, DEVICE_TEXT, QR_TOO_SMALL, deviceStatusLine, qrPlacement, spacedCode, textBlock, type WindowSize } from '../src/flow/device-screen.js';
import type { DeviceCodeView } from '../src/flow/prompt.js';
import { qrText, type QrText } from '../src/system/qr-code.js';
import { Countdown } from './countdown.js';
import { Spinner } from './spinner.js';
import { colors, qrColors } from './theme.js';
import { useMsLeft } from './use-ms-left.js';

export { spacedCode };

/**
 * Device sign-in, the part printed once into the scrollback (App puts it in <Static>): the
 * address whole, the code big and spaced, and a QR code of the address with the code in it,
 * beside or below the code when the window holds it whole, else one line saying so. Printed
 * once because the address must not be redrawn: a live line longer than the window is
 * miscounted on every redraw (sign-in-link.tsx), and a 21-line QR code redrawn each second
 * flickers. The countdown and "checked 12 s ago" live under it (DeviceWait).
 */
export function DeviceCodeBlock({ device, title, window }: { readonly device: DeviceCodeView; readonly title: string; readonly window?: WindowSize }) {
  const { stdout } = useStdout();
  const qr = qrText(device.verificationUriComplete ?? device.verificationUri);
  const placement = qrPlacement(device, qr, window ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const text = textBlock(device);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text color={colors.active} bold>
        {title}
      </Text>
      {placement === 'beside' ? (
        <Box flexDirection="row">
          <Box flexDirection="column" width={text.width} flexShrink={0}>
            <AddressAndCode device={device} />
            <Text>{DEVICE_TEXT.scanBeside}</Text>
          </Box>
          <Box marginLeft={BESIDE_GAP} flexShrink={0}>
            <QrLines qr={qr} />
          </Box>
        </Box>
      ) : (
        <Box flexDirection="column">
          <AddressAndCode device={device} />
          {placement === 'below' ? (
            <>
              <Text>{DEVICE_TEXT.scan}</Text>
              <QrLines qr={qr} />
            </>
          ) : (
            <Text dimColor>{QR_TOO_SMALL}</Text>
          )}
        </Box>
      )}
    </Box>
  );
}

function AddressAndCode({ device }: { readonly device: DeviceCodeView }) {
  return (
    <>
      <Text>{DEVICE_TEXT.open}</Text>
      {/* As wide as the address, so a narrow terminal soft-wraps it and copies it as one line. */}
      <Box width={Math.max(1, device.verificationUri.length)} flexShrink={0}>
        <Text color={colors.active} bold>
          {device.verificationUri}
        </Text>
      </Box>
      <Text>{DEVICE_TEXT.type}</Text>
      <Box borderStyle="round" paddingX={2} alignSelf="flex-start">
        <Text bold>{spacedCode(device.userCode)}</Text>
      </Box>
    </>
  );
}

/** Pinned to bright white on black so it reads in light and dark themes (qr-code.ts says why). */
function QrLines({ qr }: { readonly qr: QrText }) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      {qr.lines.map((line, index) => (
        <Text key={index} color={qrColors.light} backgroundColor={qrColors.dark}>
          {line}
        </Text>
      ))}
    </Box>
  );
}

/**
 * The live part while the device sign-in waits: that reauth is waiting and when it last asked
 * ("checked 12 s ago", redrawn each second), and how long the code still works.
 */
export function DeviceWait({ device, now }: { readonly device: DeviceCodeView; readonly now?: () => number }) {
  // The countdown's clock also drives "checked … ago": one timer for both lines.
  const msLeft = useMsLeft(device.deadline, now);
  return (
    <Box flexDirection="column">
      <Text>
        <Spinner /> {deviceStatusLine(device, device.deadline - msLeft)}
      </Text>
      <Countdown deadline={device.deadline} expiredAction="reauth will offer a new code" {...(now ? { now } : {})} />
    </Box>
  );
}
