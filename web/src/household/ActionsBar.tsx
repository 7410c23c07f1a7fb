// The household's action buttons: always visible (no hover menus), wrapping on narrow screens.
import { Button, Flex } from 'antd';
import type { ReactNode } from 'react';

export interface Action {
  key: string;
  icon: ReactNode;
  label: string;
  onClick(): void;
  primary?: boolean;
}

export function ActionsBar({ actions }: { actions: Action[] }) {
  return (
    <Flex gap={8} wrap>
      {actions.map((a) => (
        <Button
          key={a.key}
          icon={a.icon}
          type={a.primary ? 'primary' : 'default'}
          onClick={a.onClick}
          data-testid={`action-${a.key}`}
        >
          {a.label}
        </Button>
      ))}
    </Flex>
  );
}
