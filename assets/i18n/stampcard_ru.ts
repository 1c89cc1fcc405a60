<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>BackupPage</name>
    <message>
        <source>Backup</source>
        <translation>Резервная копия</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Сделать копию</translation>
    </message>
    <message>
        <source>Backups on this kiosk (newest first)</source>
        <translation>Копии на этом киоске (сначала новые)</translation>
    </message>
    <message>
        <source>Restore this backup</source>
        <translation>Восстановить копию</translation>
    </message>
    <message>
        <source>This kiosk uses a shared database server; back it up on the server.</source>
        <translation>Киоск работает с общим сервером базы данных; делайте копии на сервере.</translation>
    </message>
    <message>
        <source>Backups are saved in %1</source>
        <translation>Копии сохраняются в %1</translation>
    </message>
    <message>
        <source>No backups yet.</source>
        <translation>Копий пока нет.</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>Создаю копию…</translation>
    </message>
    <message>
        <source>Backup saved to %1</source>
        <translation>Копия сохранена в %1</translation>
    </message>
    <message>
        <source>Restore the backup of %1? Everything since then is replaced; the current data is saved first.</source>
        <translation>Восстановить копию от %1? Всё, что было после, будет заменено; текущие данные сначала сохранятся.</translation>
    </message>
    <message>
        <source>Yes, restore</source>
        <translation>Да, восстановить</translation>
    </message>
    <message>
        <source>Restored. The data is now as it was in that backup.</source>
        <translation>Восстановлено. Данные теперь такие, как в той копии.</translation>
    </message>
    <message>
        <source>The previous data was kept in %1</source>
        <translation>Прежние данные сохранены в %1</translation>
    </message>
</context>
<context>
    <name>CardFinder</name>
    <message>
        <source>Card number, name or phone</source>
        <translation>Номер карты, имя или телефон</translation>
    </message>
    <message>
        <source>Tap to find a card: number, name or phone</source>
        <translation>Нажмите для поиска: номер, имя, телефон</translation>
    </message>
    <message>
        <source>No card matches. Check the number or try the name.</source>
        <translation>Карта не найдена. Проверьте номер или попробуйте имя.</translation>
    </message>
    <message>
        <source>%1 of %2 stamps · %3</source>
        <translation>%1 из %2 · %3</translation>
    </message>
    <message>
        <source>not used yet</source>
        <translation>ещё не использована</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>используется</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>заблокирована</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>заменена</translation>
    </message>
    <message>
        <source>void</source>
        <translation>аннулирована</translation>
    </message>
</context>
<context>
    <name>CardScreen</name>
    <message>
        <source>+1 stamp</source>
        <translation>+1 штамп</translation>
    </message>
    <message>
        <source>+N</source>
        <translation>+N</translation>
    </message>
    <message>
        <source>Redeem</source>
        <translation>Получить награду</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>Печать чека</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Bring a friend</source>
        <translation>Приведите друга</translation>
    </message>
    <message>
        <source>Welcome! Your new card starts with 1 stamp on us.</source>
        <translation>Добро пожаловать! На новой карте уже 1 штамп от нас.</translation>
    </message>
    <message numerus="yes">
        <source>Welcome! Your new card starts with %n stamps on us.</source>
        <translation>
            <numerusform>Добро пожаловать! На новой карте уже %n штамп от нас.</numerusform>
            <numerusform>Добро пожаловать! На новой карте уже %n штампа от нас.</numerusform>
            <numerusform>Добро пожаловать! На новой карте уже %n штампов от нас.</numerusform>
        </translation>
    </message>
    <message>
        <source>Welcome! Your new card is ready.</source>
        <translation>Добро пожаловать! Ваша новая карта готова.</translation>
    </message>
    <message numerus="yes">
        <source>+%n from a friend.</source>
        <translation>
            <numerusform>+%n штамп от друга.</numerusform>
            <numerusform>+%n штампа от друга.</numerusform>
            <numerusform>+%n штампов от друга.</numerusform>
        </translation>
    </message>
    <message>
        <source>Happy birthday, %1!</source>
        <translation>С днём рождения, %1!</translation>
    </message>
    <message>
        <source>Hello, %1!</source>
        <translation>Здравствуйте, %1!</translation>
    </message>
    <message>
        <source>Welcome!</source>
        <translation>Добро пожаловать!</translation>
    </message>
    <message>
        <source>Your card</source>
        <translation>Ваша карта</translation>
    </message>
    <message>
        <source>no rewards yet</source>
        <translation>наград пока нет</translation>
    </message>
    <message>
        <source>1 reward so far</source>
        <translation>пока 1 награда</translation>
    </message>
    <message numerus="yes">
        <source>%n rewards so far</source>
        <translation>
            <numerusform>пока %n награда</numerusform>
            <numerusform>пока %n награды</numerusform>
            <numerusform>пока %n наград</numerusform>
        </translation>
    </message>
    <message>
        <source>Card %1 · %2</source>
        <translation>Карта %1 · %2</translation>
    </message>
    <message>
        <source>Reward ready!</source>
        <translation>Награда готова!</translation>
    </message>
    <message numerus="yes">
        <source>%n to go</source>
        <translation>
            <numerusform>осталась %n</numerusform>
            <numerusform>осталось %n</numerusform>
            <numerusform>осталось %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Reward: %1</source>
        <translation>Награда: %1</translation>
    </message>
    <message>
        <source>Stamped just now. Add another?</source>
        <translation>Штамп только что поставлен. Добавить ещё?</translation>
    </message>
    <message numerus="yes">
        <source>Stamped %n min ago, add another?</source>
        <translation>
            <numerusform>Штамп был %n мин назад, добавить ещё?</numerusform>
            <numerusform>Штамп был %n мин назад, добавить ещё?</numerusform>
            <numerusform>Штамп был %n мин назад, добавить ещё?</numerusform>
        </translation>
    </message>
    <message>
        <source>Yes, add</source>
        <translation>Да, добавить</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Нет</translation>
    </message>
    <message>
        <source>+1 stamp added.</source>
        <translation>Добавлен 1 штамп.</translation>
    </message>
    <message numerus="yes">
        <source>+%n stamps added.</source>
        <translation>
            <numerusform>Добавлен %n штамп.</numerusform>
            <numerusform>Добавлено %n штампа.</numerusform>
            <numerusform>Добавлено %n штампов.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing added.</source>
        <translation>Ничего не добавлено.</translation>
    </message>
    <message>
        <source>Enjoy your %1!</source>
        <translation>Приятного: %1!</translation>
    </message>
    <message numerus="yes">
        <source>The reward was taken back: %n stamps are on the card again.</source>
        <translation>
            <numerusform>Награда отменена: на карте снова %n штамп.</numerusform>
            <numerusform>Награда отменена: на карте снова %n штампа.</numerusform>
            <numerusform>Награда отменена: на карте снова %n штампов.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stamps taken back.</source>
        <translation>
            <numerusform>Отменён %n штамп.</numerusform>
            <numerusform>Отменено %n штампа.</numerusform>
            <numerusform>Отменено %n штампов.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Card %1 is brought by this card: at its first stamp both get +%n.</source>
        <translation>
            <numerusform>Карту %1 привела эта карта: после её первого штампа обе получат +%n штамп.</numerusform>
            <numerusform>Карту %1 привела эта карта: после её первого штампа обе получат +%n штампа.</numerusform>
            <numerusform>Карту %1 привела эта карта: после её первого штампа обе получат +%n штампов.</numerusform>
        </translation>
    </message>
    <message>
        <source>Card %1 is brought by this card.</source>
        <translation>Карту %1 привела эта карта.</translation>
    </message>
</context>
<context>
    <name>CardsPage</name>
    <message>
        <source>Cards</source>
        <translation>Карты</translation>
    </message>
    <message>
        <source>Void a batch</source>
        <translation>Аннулировать</translation>
    </message>
    <message>
        <source>Block a card</source>
        <translation>Блокировать</translation>
    </message>
    <message>
        <source>Move stamps</source>
        <translation>Перенос</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <source>A lost or stolen batch: its cards stop working. Tap the batch.</source>
        <translation>Потерянная или украденная партия: её карты перестанут работать. Нажмите на партию.</translation>
    </message>
    <message>
        <source>Void this batch</source>
        <translation>Аннулировать партию</translation>
    </message>
    <message>
        <source>A lost or misused card: it stops working.</source>
        <translation>Потерянная или украденная карта: она перестанет работать.</translation>
    </message>
    <message>
        <source>Block this card</source>
        <translation>Заблокировать карту</translation>
    </message>
    <message>
        <source>A customer lost their card: give them a new one with the same stamps.</source>
        <translation>Клиент потерял карту: выдайте новую с теми же штампами.</translation>
    </message>
    <message>
        <source>1. The lost card</source>
        <translation>1. Потерянная карта</translation>
    </message>
    <message>
        <source>2. The new card&apos;s number</source>
        <translation>2. Номер новой карты</translation>
    </message>
    <message>
        <source>The new card&apos;s number</source>
        <translation>Номер новой карты</translation>
    </message>
    <message>
        <source>Tap to type the number on the new card</source>
        <translation>Нажмите, чтобы ввести номер новой карты</translation>
    </message>
    <message>
        <source>Move the stamps</source>
        <translation>Перенести штампы</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <source>Birthday (DDMMYYYY)</source>
        <translation>День рождения (ДДММГГГГ)</translation>
    </message>
    <message>
        <source>The customer agrees that the shop keeps these details</source>
        <translation>Клиент согласен, чтобы магазин хранил эти данные</translation>
    </message>
    <message numerus="yes">
        <source>Kept until the customer asks to be forgotten, or erased after %n months without a visit.</source>
        <translation>
            <numerusform>Хранится, пока клиент не попросит удалить, или удаляется через %n месяц без визитов.</numerusform>
            <numerusform>Хранится, пока клиент не попросит удалить, или удаляется через %n месяца без визитов.</numerusform>
            <numerusform>Хранится, пока клиент не попросит удалить, или удаляется через %n месяцев без визитов.</numerusform>
        </translation>
    </message>
    <message>
        <source>Forget this customer</source>
        <translation>Забыть этого клиента</translation>
    </message>
    <message>
        <source>Save customer</source>
        <translation>Сохранить клиента</translation>
    </message>
    <message>
        <source>void</source>
        <translation>аннулирована</translation>
    </message>
    <message>
        <source>No batches printed yet.</source>
        <translation>Партий пока не печатали.</translation>
    </message>
    <message>
        <source>Void batch %1 (%2)? Its cards will stop working. This cannot be undone.</source>
        <translation>Аннулировать партию %1 (%2)? Её карты перестанут работать. Это нельзя отменить.</translation>
    </message>
    <message>
        <source>Yes, void it</source>
        <translation>Да, аннулировать</translation>
    </message>
    <message>
        <source>Batch %1 is void.</source>
        <translation>Партия %1 аннулирована.</translation>
    </message>
    <message>
        <source>Block card %1? It will be refused from now on.</source>
        <translation>Заблокировать карту %1? С этого момента она не будет приниматься.</translation>
    </message>
    <message>
        <source>Yes, block it</source>
        <translation>Да, заблокировать</translation>
    </message>
    <message>
        <source>Card %1 is blocked.</source>
        <translation>Карта %1 заблокирована.</translation>
    </message>
    <message>
        <source>Card %1 (%2): %3. Type the new card&apos;s number to move them.</source>
        <translation>Карта %1 (%2): %3. Введите номер новой карты, чтобы перенести их.</translation>
    </message>
    <message>
        <source>Move the stamps (%1) from card %2 to card %3? The old card will stop working.</source>
        <translation>Перенести штампы (%1) с карты %2 на карту %3? Старая карта перестанет работать.</translation>
    </message>
    <message>
        <source>Yes, move them</source>
        <translation>Да, перенести</translation>
    </message>
    <message>
        <source>Done: card %1 now has %2.</source>
        <translation>Готово: на карте %1 теперь %2.</translation>
    </message>
    <message>
        <source>The birthday is day, month and year: 8 digits, e.g. 24121990.</source>
        <translation>День рождения — день, месяц и год: 8 цифр, например 24121990.</translation>
    </message>
    <message>
        <source>Saved for card %1.</source>
        <translation>Сохранено для карты %1.</translation>
    </message>
    <message>
        <source>Forget the customer of card %1? Name, phone, e-mail and birthday are erased everywhere; the stamps stay.</source>
        <translation>Забыть клиента карты %1? Имя, телефон, эл. почта и день рождения будут удалены везде; штампы останутся.</translation>
    </message>
    <message>
        <source>Yes, forget</source>
        <translation>Да, забыть</translation>
    </message>
    <message>
        <source>Erasing the customer&apos;s details…</source>
        <translation>Стираю данные клиента…</translation>
    </message>
    <message>
        <source>The customer&apos;s details are erased. The card keeps its stamps.</source>
        <translation>Данные клиента удалены. Штампы на карте сохранены.</translation>
    </message>
    <message numerus="yes">
        <source>Cleaned in %n backup copies too.</source>
        <translation>
            <numerusform>Стёрто и в %n резервной копии.</numerusform>
            <numerusform>Стёрто и в %n резервных копиях.</numerusform>
            <numerusform>Стёрто и в %n резервных копиях.</numerusform>
        </translation>
    </message>
    <message>
        <source>These backup copies still hold the customer&apos;s details and could not be cleaned; delete them: %1</source>
        <translation>В этих резервных копиях остались данные клиента, очистить их не удалось; удалите их: %1</translation>
    </message>
</context>
<context>
    <name>ChainPage</name>
    <message>
        <source>Chain of shops</source>
        <translation>Сеть магазинов</translation>
    </message>
    <message>
        <source>Write off</source>
        <translation>Списать</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Оставить</translation>
    </message>
    <message>
        <source>Hub %1, this station %2.</source>
        <translation>Центр %1, эта станция %2.</translation>
    </message>
    <message>
        <source>Online, last synced %1.</source>
        <translation>В сети, последняя синхронизация %1.</translation>
    </message>
    <message>
        <source>Offline: %1 changes wait here.</source>
        <translation>Не в сети: здесь ждут изменений: %1.</translation>
    </message>
    <message>
        <source>Refused by the hub (outside the rules, never sent to the other stations): %1</source>
        <translation>Отклонено центром (вне правил, не отправлено другим станциям): %1</translation>
    </message>
    <message>
        <source>Healed %1: %2</source>
        <translation>Восстановлено %1: %2</translation>
    </message>
    <message>
        <source>Healed: %1</source>
        <translation>Восстановлено: %1</translation>
    </message>
    <message>
        <source>Card %1: a reward was redeemed at two stations while apart (%2 short).</source>
        <translation>Карта %1: награду выдали на двух станциях, пока они были разъединены (не хватает: %2).</translation>
    </message>
    <message>
        <source>Card %1: stamped at another station after it was blocked.</source>
        <translation>Карта %1: получила штамп на другой станции после блокировки.</translation>
    </message>
    <message>
        <source>Card %1: stamped after its batch was voided.</source>
        <translation>Карта %1: получила штамп после аннулирования её партии.</translation>
    </message>
    <message>
        <source>Card %1 · redeemed twice</source>
        <translation>Карта %1 · выдана дважды</translation>
    </message>
    <message>
        <source>Card %1 · stamped while blocked</source>
        <translation>Карта %1 · штамп при блокировке</translation>
    </message>
    <message>
        <source>Card %1 · stamped after the void</source>
        <translation>Карта %1 · штамп после аннулирования</translation>
    </message>
    <message>
        <source>No conflicts: every station agrees.</source>
        <translation>Конфликтов нет: все станции согласны.</translation>
    </message>
    <message>
        <source>Tap a conflict to decide it.</source>
        <translation>Нажмите на конфликт, чтобы решить его.</translation>
    </message>
    <message>
        <source>Write off gives the card its stamps back; Keep lets its next stamps fill the gap.</source>
        <translation>«Списать» вернёт карте штампы; «Оставить» — недостачу покроют следующие штампы.</translation>
    </message>
    <message>
        <source>Keep closes it; the card stays as it is.</source>
        <translation>«Оставить» закроет его; карта останется как есть.</translation>
    </message>
    <message>
        <source>Decided. The other stations learn it at their next sync.</source>
        <translation>Решено. Остальные станции узнают об этом при следующей синхронизации.</translation>
    </message>
</context>
<context>
    <name>ChainWorker</name>
    <message>
        <source>Chain: connecting…</source>
        <translation>Сеть: подключение…</translation>
    </message>
    <message>
        <source>Chain: offline, %1 waiting</source>
        <translation>Сеть: нет связи, ждут отправки: %1</translation>
    </message>
    <message>
        <source>Chain: the hub refused this kiosk&apos;s login, %1 waiting</source>
        <translation>Сеть: центр отклонил вход этого киоска, ожидает %1</translation>
    </message>
    <message>
        <source>Chain: synced %1 min ago</source>
        <translation>Сеть: синхронизировано %1 мин назад</translation>
    </message>
    <message>
        <source>Chain: synced %1 s ago</source>
        <translation>Сеть: синхронизировано %1 с назад</translation>
    </message>
    <message>
        <source>, conflicts: %1</source>
        <translation>, конфликтов: %1</translation>
    </message>
</context>
<context>
    <name>ComplaintScreen</name>
    <message>
        <source>Complaint or idea? Tell us first.</source>
        <translation>Жалоба или идея? Сначала скажите нам.</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Обслуживание</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Товар</translation>
    </message>
    <message>
        <source>Waiting time</source>
        <translation>Ожидание</translation>
    </message>
    <message>
        <source>Cleanliness</source>
        <translation>Чистота</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Другое</translation>
    </message>
    <message>
        <source>What happened, or your idea (optional)</source>
        <translation>Что случилось, или ваша идея (необязательно)</translation>
    </message>
    <message>
        <source>Phone or e-mail (optional)</source>
        <translation>Телефон или e-mail (необязательно)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Отправить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Thank you! Your reference:</source>
        <translation>Спасибо! Ваш номер:</translation>
    </message>
    <message>
        <source>Please quote it when you contact us.</source>
        <translation>Назовите его, когда свяжетесь с нами.</translation>
    </message>
    <message>
        <source>Print the slip again</source>
        <translation>Напечатать талон ещё раз</translation>
    </message>
    <message>
        <source>A card was scanned: it will show when you send or cancel.</source>
        <translation>Считана карта: она появится, когда вы отправите или отмените.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Done: show the card</source>
        <translation>Готово: показать карту</translation>
    </message>
    <message>
        <source>Please choose a topic first.</source>
        <translation>Сначала выберите тему.</translation>
    </message>
</context>
<context>
    <name>ComplaintsPage</name>
    <message>
        <source>Complaints</source>
        <translation>Жалобы</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открытые</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation>‹ Назад</translation>
    </message>
    <message>
        <source>What was done (optional)</source>
        <translation>Что было сделано (необязательно)</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>Что было сделано</translation>
    </message>
    <message>
        <source>Tap to write a note</source>
        <translation>Нажмите, чтобы написать заметку</translation>
    </message>
    <message>
        <source>Mark as resolved</source>
        <translation>Отметить как решённую</translation>
    </message>
    <message>
        <source>No open complaints. Well done!</source>
        <translation>Открытых жалоб нет. Отлично!</translation>
    </message>
    <message>
        <source>No complaints yet.</source>
        <translation>Жалоб пока нет.</translation>
    </message>
    <message>
        <source>open</source>
        <translation>открыта</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>решена</translation>
    </message>
    <message>
        <source>(no text)</source>
        <translation>(без текста)</translation>
    </message>
    <message>
        <source>Received %1</source>
        <translation>Получена %1</translation>
    </message>
    <message>
        <source>Contact: %1</source>
        <translation>Контакт: %1</translation>
    </message>
    <message>
        <source>Card: %1</source>
        <translation>Карта: %1</translation>
    </message>
    <message>
        <source>Resolved %1</source>
        <translation>Решена %1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Заметка: %1</translation>
    </message>
    <message>
        <source>Complaint %1 is resolved.</source>
        <translation>Жалоба %1 решена.</translation>
    </message>
</context>
<context>
    <name>CountPicker</name>
    <message>
        <source>How many stamps?</source>
        <translation>Сколько штампов?</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>(keyboard)</source>
        <translation>(клавиатура)</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Камера</translation>
    </message>
    <message>
        <source>Camera chosen. Hold a card in front of it to see it here.</source>
        <translation>Камера выбрана. Поднесите к ней карту, и она появится здесь.</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Устройства</translation>
    </message>
    <message>
        <source>Found: %1</source>
        <translation>Найдено: %1</translation>
    </message>
    <message>
        <source>In use: %1</source>
        <translation>Используется: %1</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>Ищу устройства…</translation>
    </message>
    <message>
        <source>No camera (scanner or typing only)</source>
        <translation>Без камеры (только сканер или ввод)</translation>
    </message>
    <message>
        <source>No camera picture</source>
        <translation>Нет изображения с камеры</translation>
    </message>
    <message>
        <source>No camera: cards are scanned or typed.</source>
        <translation>Без камеры: карты сканируют или вводят вручную.</translation>
    </message>
    <message>
        <source>No printer chosen: the test receipt was saved as %1</source>
        <translation>Принтер не выбран: пробный чек сохранён как %1</translation>
    </message>
    <message>
        <source>No printer: save receipts as files</source>
        <translation>Без принтера: сохранять чеки в файлы</translation>
    </message>
    <message>
        <source>Paper: %1 mm.</source>
        <translation>Бумага: %1 мм.</translation>
    </message>
    <message>
        <source>Play a sound</source>
        <translation>Воспроизвести звук</translation>
    </message>
    <message>
        <source>Playing a sound. Nothing heard? Check the volume and the speaker.</source>
        <translation>Звучит сигнал. Ничего не слышно? Проверьте громкость и динамик.</translation>
    </message>
    <message>
        <source>Printing a test receipt…</source>
        <translation>Печатаю пробный чек…</translation>
    </message>
    <message>
        <source>Receipt printer and paper</source>
        <translation>Принтер чеков и бумага</translation>
    </message>
    <message>
        <source>Receipts are saved as files.</source>
        <translation>Чеки сохраняются в файлы.</translation>
    </message>
    <message>
        <source>Receipts go to %1.</source>
        <translation>Чеки печатаются на %1.</translation>
    </message>
    <message>
        <source>Scan any card now</source>
        <translation>Отсканируйте любую карту</translation>
    </message>
    <message>
        <source>Scan any card now…</source>
        <translation>Отсканируйте любую карту…</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Сканер</translation>
    </message>
    <message>
        <source>Search again</source>
        <translation>Искать снова</translation>
    </message>
    <message>
        <source>Set on this computer, and stronger than the choices here: %1</source>
        <translation>Задано на этом компьютере и важнее выбора здесь: %1</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>Звук</translation>
    </message>
    <message>
        <source>Sounds are off at this station. Turn them on first.</source>
        <translation>Звуки на этой кассе выключены. Сначала включите их.</translation>
    </message>
    <message>
        <source>Sounds off</source>
        <translation>Звуки выкл.</translation>
    </message>
    <message>
        <source>Sounds on</source>
        <translation>Звуки вкл.</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>Запускаю камеру…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Стоп</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>Пробная печать</translation>
    </message>
    <message>
        <source>%1 cannot be read.</source>
        <translation>Не удаётся прочитать %1.</translation>
    </message>
    <message>
        <source>The details are in the log.</source>
        <translation>Подробности в журнале.</translation>
    </message>
    <message>
        <source>Could not look for devices.</source>
        <translation>Не удалось выполнить поиск устройств.</translation>
    </message>
    <message>
        <source>No scanner is named by the system. A scanner that types like a keyboard still works: test it below.</source>
        <translation>Система не называет ни одного сканера. Сканер, который печатает как клавиатура, всё равно работает: проверьте его ниже.</translation>
    </message>
    <message>
        <source>Test receipt sent to %1.</source>
        <translation>Пробный чек отправлен на %1.</translation>
    </message>
    <message>
        <source>The scanner works, but this code is not one of this shop&apos;s cards.</source>
        <translation>Сканер работает, но этот код — не карта этого магазина.</translation>
    </message>
    <message>
        <source>The scanner works: card %1.</source>
        <translation>Сканер работает: карта %1.</translation>
    </message>
    <message>
        <source>The test print failed: %1</source>
        <translation>Пробная печать не удалась: %1</translation>
    </message>
    <message>
        <source>default</source>
        <translation>по умолчанию</translation>
    </message>
    <message>
        <source>not answering</source>
        <translation>не отвечает</translation>
    </message>
</context>
<context>
    <name>EconomicsPage</name>
    <message>
        <source>What the program earns</source>
        <translation>Что даёт программа</translation>
    </message>
    <message>
        <source>Cards completed with a head start: %1; without: %2.</source>
        <translation>Заполненные карты с форой: %1; без неё: %2.</translation>
    </message>
    <message>
        <source>Median days to a reward: %1</source>
        <translation>Медиана дней до награды: %1</translation>
    </message>
    <message>
        <source>Stamps the shop owes: %1 (about %2)</source>
        <translation>Штампы, которые заведение должно: %1 (примерно %2)</translation>
    </message>
    <message>
        <source>Rewards taken of rewards earned: %1</source>
        <translation>Получено наград из заработанных: %1</translation>
    </message>
    <message>
        <source>Days between visits (median): %1</source>
        <translation>Дней между визитами (медиана): %1</translation>
    </message>
    <message>
        <source>Customers drifting away: %1</source>
        <translation>Клиенты, которые перестают ходить: %1</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Партии</translation>
    </message>
    <message>
        <source>Batch %1, head start %2: %3 of %4 cards completed (%5)</source>
        <translation>Партия %1, фора %2: заполнено карт %3 из %4 (%5)</translation>
    </message>
</context>
<context>
    <name>EntryScreen</name>
    <message>
        <source>Type the number printed on the card</source>
        <translation>Введите номер, напечатанный на карте</translation>
    </message>
    <message>
        <source>e.g. K7Q2-9XJ4-MN3</source>
        <translation>например, K7Q2-9XJ4-MN3</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>Сохранить в</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Карты</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Визиты</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Клиенты</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>Жалобы</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Всё</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Этот месяц</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Этот год</translation>
    </message>
    <message>
        <source>Spreadsheet (.xlsx)</source>
        <translation>Таблица (.xlsx)</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>Look for USB sticks</source>
        <translation>Искать USB-накопители</translation>
    </message>
    <message>
        <source>Plug in a USB stick and tap “Look for USB sticks”. Customers&apos; details are personal data: keep the file safe.</source>
        <translation>Вставьте USB-накопитель и нажмите «Искать USB-накопители». Данные клиентов — персональные данные: храните файл надёжно.</translation>
    </message>
    <message>
        <source>USB stick %1</source>
        <translation>USB-накопитель %1</translation>
    </message>
    <message>
        <source>This kiosk&apos;s data folder</source>
        <translation>Папка данных этого киоска</translation>
    </message>
    <message>
        <source>%1 GB free</source>
        <translation>свободно %1 ГБ</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <source>Saved %1 rows to %2</source>
        <translation>Сохранено строк: %1, файл %2</translation>
    </message>
    <message>
        <source>You can take the USB stick out now.</source>
        <translation>Теперь можно извлечь USB-накопитель.</translation>
    </message>
    <message>
        <source>The file could not be written there: %1</source>
        <translation>Не удалось записать файл туда: %1</translation>
    </message>
</context>
<context>
    <name>Fault</name>
    <message>
        <source>The database is damaged. Please put a backup back (Backup page).</source>
        <translation>База данных повреждена. Верните, пожалуйста, резервную копию (страница «Резервная копия»).</translation>
    </message>
    <message>
        <source>The disk is full. Nothing was recorded.</source>
        <translation>Диск заполнен. Ничего не записано.</translation>
    </message>
    <message>
        <source>The database cannot be written. Nothing was recorded.</source>
        <translation>В базу данных нельзя записать. Ничего не записано.</translation>
    </message>
    <message>
        <source>The database is busy. Please try again.</source>
        <translation>База данных занята. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>The database server cannot be reached. Nothing was recorded.</source>
        <translation>Сервер базы данных недоступен. Ничего не записано.</translation>
    </message>
    <message>
        <source>The database is from a newer stampcard. Please update stampcard.</source>
        <translation>База данных от более нового stampcard. Обновите, пожалуйста, stampcard.</translation>
    </message>
    <message>
        <source>The database could not be brought up to date.</source>
        <translation>Базу данных не удалось обновить.</translation>
    </message>
    <message>
        <source>The database could not be brought up to date; it was put back from the copy %1.</source>
        <translation>Базу данных не удалось обновить; она возвращена из копии %1.</translation>
    </message>
    <message>
        <source>The database could not be brought up to date, nor put back. The copy taken before is %1.</source>
        <translation>Базу данных не удалось ни обновить, ни вернуть. Копия, снятая до этого: %1.</translation>
    </message>
    <message>
        <source>The folder %1 for the copy before the update cannot be made.</source>
        <translation>Папку %1 для копии перед обновлением создать нельзя.</translation>
    </message>
    <message>
        <source>The database %1 cannot be created.</source>
        <translation>Базу данных %1 создать нельзя.</translation>
    </message>
    <message>
        <source>There is no database at %1.</source>
        <translation>По адресу %1 нет базы данных.</translation>
    </message>
    <message>
        <source>The database is damaged, so no backup was made; the older backups stay.</source>
        <translation>База данных повреждена, поэтому копия не создана; старые копии сохранены.</translation>
    </message>
    <message>
        <source>The backup could not be written to %1. The database is unchanged.</source>
        <translation>Резервную копию не удалось записать в %1. База данных не изменена.</translation>
    </message>
    <message>
        <source>There is no backup %1.</source>
        <translation>Резервной копии %1 нет.</translation>
    </message>
    <message>
        <source>The backup %1 is damaged.</source>
        <translation>Резервная копия %1 повреждена.</translation>
    </message>
    <message>
        <source>%1 is not a stampcard backup.</source>
        <translation>%1 — не резервная копия stampcard.</translation>
    </message>
    <message>
        <source>The backup %1 is from a newer stampcard. Please update stampcard first.</source>
        <translation>Резервная копия %1 от более нового stampcard. Сначала обновите, пожалуйста, stampcard.</translation>
    </message>
    <message>
        <source>There are too many copies from before a restore in %1.</source>
        <translation>В %1 слишком много копий, снятых перед восстановлением.</translation>
    </message>
    <message>
        <source>The restore failed. The database is unchanged.</source>
        <translation>Восстановление не удалось. База данных не изменена.</translation>
    </message>
</context>
<context>
    <name>FriendPicker</name>
    <message>
        <source>Bring a friend: scan the new card or type its number</source>
        <translation>Приведите друга: отсканируйте новую карту или введите её номер</translation>
    </message>
    <message>
        <source>e.g. K7Q2-9XJ4-MN3</source>
        <translation>например, K7Q2-9XJ4-MN3</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
<context>
    <name>Hub</name>
    <message>
        <source>The hub refused this kiosk&apos;s login. Please ask the owner. Stamps wait here; nothing is lost.</source>
        <translation>Центр отклонил вход этого киоска. Пожалуйста, обратитесь к владельцу. Штампы ждут здесь; ничего не потеряно.</translation>
    </message>
    <message>
        <source>The hub&apos;s user may not make the chain&apos;s logins.</source>
        <translation>Пользователь центра не может создавать входы сети.</translation>
    </message>
    <message>
        <source>The hub is older than this kiosk&apos;s stampcard. Please ask the owner to upgrade the hub. Stamps wait here; nothing is lost.</source>
        <translation>Хаб старше, чем stampcard этого киоска. Попросите владельца обновить хаб. Штампы ждут здесь; ничего не теряется.</translation>
    </message>
    <message>
        <source>The hub cannot be reached. Stamps wait here; nothing is lost.</source>
        <translation>Центр недоступен. Штампы ждут здесь; ничего не потеряно.</translation>
    </message>
    <message>
        <source>Events made here that never reached the hub are lost (this database came from an older backup): %1</source>
        <translation>События, созданные здесь и не дошедшие до центра, потеряны (база из более старой копии): %1</translation>
    </message>
    <message>
        <source>This database was copied or moved here.</source>
        <translation>Эта база была скопирована или перенесена сюда.</translation>
    </message>
    <message>
        <source>This database is a copy of station %1&apos;s, which is still in use: it is now station %2.</source>
        <translation>Эта база — копия базы станции %1, которая всё ещё работает: теперь это станция %2.</translation>
    </message>
    <message>
        <source>The hub was restored or replaced. Sent again: %1, fetched: %2.</source>
        <translation>Центр был восстановлен или заменён. Отправлено повторно: %1, получено: %2.</translation>
    </message>
    <message>
        <source>This station&apos;s own events came back from the hub (this database came from a backup, or a copy of it syncs): %1</source>
        <translation>Собственные события этой станции вернулись из центра (база из резервной копии, или синхронизируется её копия): %1</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <source>Show your card</source>
        <translation>Покажите вашу карту</translation>
    </message>
    <message>
        <source>Hold the QR code up to the camera.</source>
        <translation>Поднесите QR-код к камере.</translation>
    </message>
    <message>
        <source>Type card number</source>
        <translation>Ввести номер карты</translation>
    </message>
    <message>
        <source>Complaint or idea?</source>
        <translation>Жалоба или идея?</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Персонал</translation>
    </message>
    <message>
        <source>Sign out %1</source>
        <translation>Выйти: %1</translation>
    </message>
    <message>
        <source>Not happy? Tell us first:</source>
        <translation>Что-то не так? Скажите сначала нам:</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>Запускаю камеру…</translation>
    </message>
    <message>
        <source>No camera. Type the card number or use the scanner.</source>
        <translation>Камеры нет. Введите номер карты или используйте сканер.</translation>
    </message>
    <message>
        <source>The camera is not working. Type the card number or use the scanner.</source>
        <translation>Камера не работает. Введите номер карты или используйте сканер.</translation>
    </message>
    <message>
        <source>Hand your card to the cashier.</source>
        <translation>Передайте карту кассиру.</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>The language of the kiosk, the cards and the receipts.</source>
        <translation>Язык киоска, карт и чеков.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Staff: see the stamps and move them</source>
        <translation>Персонал: посмотреть и перенести штампы</translation>
    </message>
    <message>
        <source>A card is waiting: it shows when you close the owner screens.</source>
        <translation>Ждёт карта: она появится, когда вы закроете экраны владельца.</translation>
    </message>
    <message>
        <source>Receipt printed.</source>
        <translation>Чек напечатан.</translation>
    </message>
    <message>
        <source>Receipt saved: %1</source>
        <translation>Чек сохранён: %1</translation>
    </message>
    <message>
        <source>The receipt was not printed (printer problem). The card is up to date.</source>
        <translation>Чек не напечатан (проблема с принтером). Карта обновлена.</translation>
    </message>
    <message>
        <source>The slip was not printed (printer problem). Please note your reference.</source>
        <translation>Талон не напечатан (проблема с принтером). Запишите, пожалуйста, свой номер.</translation>
    </message>
    <message>
        <source>Slip printed.</source>
        <translation>Квитанция напечатана.</translation>
    </message>
    <message>
        <source>Slip saved: %1</source>
        <translation>Квитанция сохранена: %1</translation>
    </message>
    <message>
        <source>Something went wrong. Please ask staff.</source>
        <translation>Что-то пошло не так. Обратитесь к персоналу.</translation>
    </message>
    <message>
        <source>The kiosk is ready again.</source>
        <translation>Киоск снова готов.</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The e-mail server %1 cannot be reached.</source>
        <translation>Почтовый сервер %1 недоступен.</translation>
    </message>
    <message>
        <source>The e-mail server %1 refused the shop&apos;s user name or password.</source>
        <translation>Почтовый сервер %1 отклонил имя пользователя или пароль магазина.</translation>
    </message>
    <message>
        <source>The connection to the e-mail server broke off.</source>
        <translation>Связь с почтовым сервером прервалась.</translation>
    </message>
    <message>
        <source>The e-mail server refused this message (%1).</source>
        <translation>Почтовый сервер отклонил это письмо (%1).</translation>
    </message>
    <message>
        <source>The e-mail server refused the customer&apos;s address.</source>
        <translation>Почтовый сервер отклонил адрес клиента.</translation>
    </message>
    <message>
        <source>The e-mail could not be sent.</source>
        <translation>Письмо не удалось отправить.</translation>
    </message>
    <message>
        <source>The customer&apos;s phone number cannot take an SMS.</source>
        <translation>На номер телефона клиента нельзя отправить SMS.</translation>
    </message>
    <message>
        <source>The SMS folder %1 is not there.</source>
        <translation>Папки для SMS %1 нет.</translation>
    </message>
    <message>
        <source>The SMS could not be written into the folder %1.</source>
        <translation>Не удалось записать SMS в папку %1.</translation>
    </message>
    <message>
        <source>The SMS gateway refused the message (%1).</source>
        <translation>Шлюз SMS отклонил сообщение (%1).</translation>
    </message>
    <message>
        <source>The SMS gateway cannot be reached.</source>
        <translation>Шлюз SMS недоступен.</translation>
    </message>
    <message>
        <source>No e-mail server is set up.</source>
        <translation>Почтовый сервер не настроен.</translation>
    </message>
    <message>
        <source>No way to send SMS is set up.</source>
        <translation>Отправка SMS не настроена.</translation>
    </message>
    <message>
        <source>The customer withdrew their consent.</source>
        <translation>Клиент отозвал согласие.</translation>
    </message>
    <message>
        <source>Interrupted; sent again at the owner&apos;s request.</source>
        <translation>Прервано; отправлено повторно по просьбе владельца.</translation>
    </message>
</context>
<context>
    <name>MessagesPage</name>
    <message>
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <source>Thanks after a reward</source>
        <translation>Спасибо после награды</translation>
    </message>
    <message>
        <source>Reward is near</source>
        <translation>Награда близко</translation>
    </message>
    <message>
        <source>We miss you</source>
        <translation>Мы скучаем</translation>
    </message>
    <message>
        <source>Announcement</source>
        <translation>Объявление</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>эл. почта</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>отправлено</translation>
    </message>
    <message>
        <source>failed, tried again later</source>
        <translation>не удалось, повторим позже</translation>
    </message>
    <message>
        <source>being sent</source>
        <translation>отправляется</translation>
    </message>
    <message>
        <source>consent withdrawn</source>
        <translation>согласие отозвано</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Сообщения</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>Отправить сейчас</translation>
    </message>
    <message>
        <source>Your news or offer for everyone who agreed</source>
        <translation>Ваша новость или предложение для всех, кто согласился</translation>
    </message>
    <message>
        <source>Your news or offer</source>
        <translation>Ваша новость или предложение</translation>
    </message>
    <message>
        <source>Send to all</source>
        <translation>Отправить всем</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>К отправке сейчас</translation>
    </message>
    <message>
        <source>Nothing is due.</source>
        <translation>Отправлять нечего.</translation>
    </message>
    <message>
        <source>retry</source>
        <translation>повтор</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Исходящие</translation>
    </message>
    <message>
        <source>Nothing sent yet.</source>
        <translation>Пока ничего не отправлено.</translation>
    </message>
    <message>
        <source>interrupted: not known whether it went</source>
        <translation>прервано: неизвестно, ушло ли сообщение</translation>
    </message>
    <message>
        <source>Send it again</source>
        <translation>Отправить снова</translation>
    </message>
    <message>
        <source>It goes with the next sending (Send now sends it at once).</source>
        <translation>Уйдёт со следующей отправкой («Отправить сейчас» отправит сразу).</translation>
    </message>
    <message>
        <source>Write the news or offer first.</source>
        <translation>Сначала напишите новость или предложение.</translation>
    </message>
    <message>
        <source>Quiet hours: the messages wait for the morning.</source>
        <translation>Тихие часы: сообщения подождут до утра.</translation>
    </message>
    <message>
        <source>Sent %1, skipped %2, failed %3.</source>
        <translation>Отправлено: %1, пропущено: %2, не удалось: %3.</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>space</source>
        <translation>пробел</translation>
    </message>
</context>
<context>
    <name>Owner</name>
    <message>
        <source>No, go back</source>
        <translation>Нет, назад</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Очистить</translation>
    </message>
</context>
<context>
    <name>OwnerScreen</name>
    <message>
        <source>Program</source>
        <translation>Программа</translation>
    </message>
    <message>
        <source>Print cards</source>
        <translation>Печать карт</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Сообщения</translation>
    </message>
    <message>
        <source>Economics</source>
        <translation>Экономика</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>Жалобы</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Карты</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Персонал</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Копии</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Chain</source>
        <translation>Сеть</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Устройства</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Owner PIN</source>
        <translation>PIN владельца</translation>
    </message>
    <message>
        <source>Cashier PIN</source>
        <translation>PIN кассира</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>PrintPage</name>
    <message>
        <source>Print new cards</source>
        <translation>Печать новых карт</translation>
    </message>
    <message>
        <source>How many cards</source>
        <translation>Сколько карт</translation>
    </message>
    <message>
        <source>Head-start stamps on each card</source>
        <translation>Штампы заранее на каждой карте</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Бумага</translation>
    </message>
    <message>
        <source>Head-start stamps</source>
        <translation>Штампы заранее</translation>
    </message>
    <message>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Letter</translation>
    </message>
    <message>
        <source>Make cards</source>
        <translation>Создать карты</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Остановить</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Печать</translation>
    </message>
    <message>
        <source>Copy to USB stick</source>
        <translation>На флешку</translation>
    </message>
    <message>
        <source>Poster</source>
        <translation>Плакат</translation>
    </message>
    <message>
        <source>The first page
will show here</source>
        <translation>Здесь появится
первая страница</translation>
    </message>
    <message>
        <source>One card as it will be printed. 10 cards a page, with cut marks.</source>
        <translation>Одна карта такой, какой будет напечатана. 10 карт на страницу, с метками реза.</translation>
    </message>
    <message>
        <source>Batch %1: %2. Saved to %3</source>
        <translation>Партия %1: %2. Сохранено в %3</translation>
    </message>
    <message>
        <source>Making %1…</source>
        <translation>Изготовление: %1…</translation>
    </message>
    <message>
        <source>Its QR code opens %1.</source>
        <translation>Его QR-код открывает %1.</translation>
    </message>
    <message>
        <source>It has no QR code: set the card page or the complaints web address.</source>
        <translation>QR-кода нет: задайте страницу карты или веб-адрес для жалоб.</translation>
    </message>
    <message>
        <source>Poster saved to %1.</source>
        <translation>Плакат сохранён в %1.</translation>
    </message>
    <message>
        <source>Batch %1 is ready: %2.</source>
        <translation>Партия %1 готова: %2.</translation>
    </message>
    <message>
        <source>Stopped. No cards were made.</source>
        <translation>Остановлено. Карты не созданы.</translation>
    </message>
    <message>
        <source>Write the PDF again</source>
        <translation>Записать PDF ещё раз</translation>
    </message>
    <message>
        <source>Batch %1 is made, but its PDF could not be written: %2</source>
        <translation>Партия %1 создана, но её PDF не удалось записать: %2</translation>
    </message>
    <message>
        <source>No USB stick found. Plug one in and tap again.</source>
        <translation>USB-накопитель не найден. Вставьте его и нажмите ещё раз.</translation>
    </message>
    <message>
        <source>The file could not be written there: %1</source>
        <translation>Не удалось записать файл туда: %1</translation>
    </message>
    <message>
        <source>Copied to USB stick %1: %2</source>
        <translation>Скопировано на USB-накопитель %1: %2</translation>
    </message>
    <message>
        <source>You can take the USB stick out now.</source>
        <translation>Теперь можно извлечь USB-накопитель.</translation>
    </message>
    <message>
        <source>Printing failed: %1</source>
        <translation>Ошибка печати: %1</translation>
    </message>
    <message>
        <source>Sent to printer %1.</source>
        <translation>Отправлено на принтер %1.</translation>
    </message>
    <message>
        <source>No printer found. Saved to %1</source>
        <translation>Принтер не найден. Сохранено в %1</translation>
    </message>
</context>
<context>
    <name>Printer</name>
    <message>
        <source>No printer is chosen.</source>
        <translation>Принтер не выбран.</translation>
    </message>
    <message>
        <source>The file %1 could not be saved in the folder %2.</source>
        <translation>Файл %1 не удалось сохранить в папку %2.</translation>
    </message>
    <message>
        <source>Printer %1 prints receipts only, not pages.</source>
        <translation>Принтер %1 печатает только чеки, а не страницы.</translation>
    </message>
    <message>
        <source>Printing pages needs CUPS, which this computer does not have.</source>
        <translation>Для печати страниц нужен CUPS, а на этом компьютере его нет.</translation>
    </message>
    <message>
        <source>The print queue %1 cannot be used.</source>
        <translation>Очередь печати %1 недоступна.</translation>
    </message>
    <message>
        <source>The print queue %1 refused the document.</source>
        <translation>Очередь печати %1 отклонила документ.</translation>
    </message>
    <message>
        <source>Printer %1 does not answer. Is it switched on?</source>
        <translation>Принтер %1 не отвечает. Он включён?</translation>
    </message>
    <message>
        <source>Printer %1 refused the connection. Is it switched on?</source>
        <translation>Принтер %1 отклонил соединение. Он включён?</translation>
    </message>
    <message>
        <source>Printer %1 is not known on the network.</source>
        <translation>Принтер %1 не найден в сети.</translation>
    </message>
    <message>
        <source>Printer %1 cannot be reached on the network.</source>
        <translation>Принтер %1 недоступен по сети.</translation>
    </message>
    <message>
        <source>Printer %1 is out of paper.</source>
        <translation>В принтере %1 закончилась бумага.</translation>
    </message>
    <message>
        <source>Printer %1 is not there. Is it plugged in?</source>
        <translation>Принтера %1 нет. Он подключён?</translation>
    </message>
    <message>
        <source>The kiosk may not use printer %1.</source>
        <translation>У киоска нет прав на принтер %1.</translation>
    </message>
    <message>
        <source>Printer %1 failed.</source>
        <translation>Сбой принтера %1.</translation>
    </message>
    <message>
        <source>USB printing is not installed on this computer.</source>
        <translation>Печать через USB на этом компьютере не установлена.</translation>
    </message>
    <message>
        <source>USB printer %1 is not there or is busy.</source>
        <translation>USB-принтера %1 нет или он занят.</translation>
    </message>
    <message>
        <source>USB printer %1 failed.</source>
        <translation>Сбой USB-принтера %1.</translation>
    </message>
    <message>
        <source>A receipt is 80 or 58 mm wide, not %1 mm.</source>
        <translation>Ширина чека 80 или 58 мм, а не %1 мм.</translation>
    </message>
    <message>
        <source>Unknown paper %1.</source>
        <translation>Неизвестная бумага %1.</translation>
    </message>
    <message>
        <source>There are no cards to print.</source>
        <translation>Нет карт для печати.</translation>
    </message>
    <message>
        <source>The logo %1 cannot be read.</source>
        <translation>Не удаётся прочитать логотип %1.</translation>
    </message>
    <message>
        <source>Unknown poster size %1.</source>
        <translation>Неизвестный размер плаката %1.</translation>
    </message>
    <message>
        <source>The poster has no room left for its QR code.</source>
        <translation>На плакате не осталось места для QR-кода.</translation>
    </message>
    <message>
        <source>The printer has a problem.</source>
        <translation>С принтером проблема.</translation>
    </message>
</context>
<context>
    <name>ProgramPage</name>
    <message>
        <source>Program settings</source>
        <translation>Настройки программы</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>Сбросить</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>Название магазина</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Награда</translation>
    </message>
    <message>
        <source>Stamps for a reward</source>
        <translation>Штампов для награды</translation>
    </message>
    <message>
        <source>Head-start stamps</source>
        <translation>Штампы заранее</translation>
    </message>
    <message>
        <source>Minutes between stamps</source>
        <translation>Минут между штампами</translation>
    </message>
    <message>
        <source>Most stamps per visit</source>
        <translation>Максимум штампов за визит</translation>
    </message>
    <message>
        <source>Complaints phone</source>
        <translation>Телефон для жалоб</translation>
    </message>
    <message>
        <source>Complaints e-mail</source>
        <translation>E-mail для жалоб</translation>
    </message>
    <message>
        <source>Complaints web address</source>
        <translation>Сайт для жалоб</translation>
    </message>
    <message>
        <source>%1 from rewards redeemed</source>
        <translation>%1 после наград</translation>
    </message>
    <message>
        <source>%1 bonus stamps a visit</source>
        <translation>%1: бонусных штампов за визит</translation>
    </message>
    <message>
        <source>e.g. Free coffee</source>
        <translation>например, Бесплатный кофе</translation>
    </message>
    <message>
        <source>Saved. New cards and the kiosk use these settings now.</source>
        <translation>Сохранено. Новые карты и киоск теперь используют эти настройки.</translation>
    </message>
    <message numerus="yes">
        <source>Cards in use keep their stamps; %n of them now hold a reward.</source>
        <translation>
            <numerusform>Карты в обороте сохраняют штампы; на %n из них теперь есть награда.</numerusform>
            <numerusform>Карты в обороте сохраняют штампы; на %n из них теперь есть награда.</numerusform>
            <numerusform>Карты в обороте сохраняют штампы; на %n из них теперь есть награда.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Question</name>
    <message>
        <source>No</source>
        <translation>Нет</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Да</translation>
    </message>
</context>
<context>
    <name>Refusal</name>
    <message>
        <source>Stamps for a reward</source>
        <translation>Штампов для награды</translation>
    </message>
    <message>
        <source>Head-start stamps</source>
        <translation>Штампы в подарок</translation>
    </message>
    <message>
        <source>Minutes between stamps</source>
        <translation>Минут между штампами</translation>
    </message>
    <message>
        <source>Stamps per visit</source>
        <translation>Штампов за визит</translation>
    </message>
    <message>
        <source>Number of cards</source>
        <translation>Количество карт</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Награда</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>Название магазина</translation>
    </message>
    <message>
        <source>Complaints phone</source>
        <translation>Телефон для жалоб</translation>
    </message>
    <message>
        <source>Complaints e-mail</source>
        <translation>Эл. почта для жалоб</translation>
    </message>
    <message>
        <source>Complaints web address</source>
        <translation>Сайт для жалоб</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Часовой пояс</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Months to keep customers&apos; details</source>
        <translation>Месяцев хранения данных клиентов</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <source>That code is not one of our stamp cards.</source>
        <translation>Этот код — не наша карта со штампами.</translation>
    </message>
    <message>
        <source>The code could not be read completely. Please try again.</source>
        <translation>Код не удалось прочитать полностью. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>This card could not be verified at this kiosk. Please ask staff.</source>
        <translation>Эту карту не удалось проверить на этом киоске. Пожалуйста, обратитесь к персоналу.</translation>
    </message>
    <message>
        <source>This card was not issued by this shop.</source>
        <translation>Эту карту выдал не наш магазин.</translation>
    </message>
    <message>
        <source>This card cannot be checked at this kiosk right now. Please ask staff.</source>
        <translation>Эту карту сейчас нельзя проверить на этом киоске. Пожалуйста, обратитесь к персоналу.</translation>
    </message>
    <message>
        <source>This kiosk does not have the shop&apos;s newest card key yet. Please try again in a few minutes.</source>
        <translation>У этого киоска ещё нет нового ключа карт магазина. Пожалуйста, попробуйте через несколько минут.</translation>
    </message>
    <message>
        <source>That card number has a typo. Please check it and try again.</source>
        <translation>В номере карты опечатка. Проверьте его и попробуйте снова.</translation>
    </message>
    <message>
        <source>We do not know this card. Please ask staff.</source>
        <translation>Мы не знаем эту карту. Обратитесь, пожалуйста, к персоналу.</translation>
    </message>
    <message>
        <source>This card is no longer valid. Please ask staff for a new one.</source>
        <translation>Эта карта больше не действует. Попросите у персонала новую.</translation>
    </message>
    <message>
        <source>This card is blocked. Please ask staff.</source>
        <translation>Эта карта заблокирована. Обратитесь, пожалуйста, к персоналу.</translation>
    </message>
    <message>
        <source>This card was replaced by a new one. Please use the new card.</source>
        <translation>Эту карту заменили новой. Пользуйтесь, пожалуйста, новой картой.</translation>
    </message>
    <message>
        <source>The old and the new card are the same card.</source>
        <translation>Старая и новая карта — одна и та же карта.</translation>
    </message>
    <message>
        <source>This card had stamps or a friend brought it already.</source>
        <translation>На этой карте уже были штампы, или её уже привёл друг.</translation>
    </message>
    <message>
        <source>This card of a void batch was never used: there is nothing to move.</source>
        <translation>Эта карта из аннулированной партии не использовалась: переносить нечего.</translation>
    </message>
    <message>
        <source>Stamped %n min ago.</source>
        <translation>Штамп поставлен %n мин назад.</translation>
    </message>
    <message>
        <source>That is more stamps than one visit allows (at most %n).</source>
        <translation>Это больше штампов, чем разрешено за визит (не более %n).</translation>
    </message>
    <message>
        <source>The card is not full yet: %n to go.</source>
        <translation>Карта ещё не заполнена: осталось штампов: %n.</translation>
    </message>
    <message>
        <source>There is nothing to undo on this card.</source>
        <translation>На этой карте нечего отменять.</translation>
    </message>
    <message>
        <source>The last change was already undone.</source>
        <translation>Последнее изменение уже отменено.</translation>
    </message>
    <message>
        <source>Too late to undo: undo works within %n min.</source>
        <translation>Отменить уже нельзя: отмена возможна в течение %n мин.</translation>
    </message>
    <message>
        <source>Those stamps were already used for a reward.</source>
        <translation>Эти штампы уже потрачены на награду.</translation>
    </message>
    <message>
        <source>%1 must be between %2 and %3.</source>
        <translation>%1: значение должно быть от %2 до %3.</translation>
    </message>
    <message>
        <source>%1 cannot be empty.</source>
        <translation>%1: поле не может быть пустым.</translation>
    </message>
    <message>
        <source>%1 is too long (at most %n characters).</source>
        <translation>%1: слишком длинный текст (не более %n символов).</translation>
    </message>
    <message>
        <source>%1 does not fit on the printed card (at most about %n characters).</source>
        <translation>%1: не помещается на печатной карте (не более примерно %n символов).</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed.</source>
        <translation>%1: есть символы, которые нельзя напечатать.</translation>
    </message>
    <message>
        <source>%1: please choose one of the offered values.</source>
        <translation>%1: выберите, пожалуйста, одно из предложенных значений.</translation>
    </message>
    <message>
        <source>%1: please check what you typed (%2).</source>
        <translation>%1: проверьте, пожалуйста, введённое (%2).</translation>
    </message>
    <message>
        <source>Tiers need different names, a threshold of at least 1 and a bonus of 0 or more.</source>
        <translation>Уровням нужны разные названия, порог не меньше 1 и бонус 0 или больше.</translation>
    </message>
    <message>
        <source>A PIN has %1 to %2 digits.</source>
        <translation>PIN состоит из %1–%2 цифр.</translation>
    </message>
    <message>
        <source>Only the owner may do this: please enter the owner PIN.</source>
        <translation>Это может только владелец: введите, пожалуйста, PIN владельца.</translation>
    </message>
    <message>
        <source>Wrong PIN. Tries left: %n.</source>
        <translation>Неверный PIN. Осталось попыток: %n.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: no tries left. Locked until %1.</source>
        <translation>Слишком много неверных PIN: попыток не осталось. Заблокировано до %1.</translation>
    </message>
    <message>
        <source>No staff with a PIN is set up.</source>
        <translation>Нет сотрудников с PIN-кодом.</translation>
    </message>
    <message>
        <source>There is no staff member called %1.</source>
        <translation>Сотрудника по имени %1 нет.</translation>
    </message>
    <message>
        <source>%1 is already on the staff list.</source>
        <translation>%1 уже есть в списке персонала.</translation>
    </message>
    <message>
        <source>The last owner cannot be removed.</source>
        <translation>Последнего владельца нельзя удалить.</translation>
    </message>
    <message>
        <source>The shop is not set up yet.</source>
        <translation>Магазин ещё не настроен.</translation>
    </message>
    <message>
        <source>This shop is already set up.</source>
        <translation>Этот магазин уже настроен.</translation>
    </message>
    <message>
        <source>There is no stampcard database here.</source>
        <translation>Здесь нет базы данных stampcard.</translation>
    </message>
    <message>
        <source>There is no batch %1.</source>
        <translation>Партии %1 нет.</translation>
    </message>
    <message>
        <source>Batch %1 is already void.</source>
        <translation>Партия %1 уже аннулирована.</translation>
    </message>
    <message>
        <source>Card %1 is already blocked.</source>
        <translation>Карта %1 уже заблокирована.</translation>
    </message>
    <message>
        <source>There is no complaint %1.</source>
        <translation>Жалобы %1 нет.</translation>
    </message>
    <message>
        <source>Complaint %1 is already resolved.</source>
        <translation>Жалоба %1 уже решена.</translation>
    </message>
    <message>
        <source>Please choose a topic.</source>
        <translation>Выберите, пожалуйста, тему.</translation>
    </message>
    <message>
        <source>Personal details are kept only with the customer&apos;s consent.</source>
        <translation>Личные данные хранятся только с согласия клиента.</translation>
    </message>
    <message>
        <source>Rewards cannot be redeemed while the shop is offline. Please try again later.</source>
        <translation>Награды нельзя выдать, пока магазин офлайн. Попробуйте позже.</translation>
    </message>
    <message>
        <source>The file cannot be used: %1</source>
        <translation>Файл нельзя использовать: %1</translation>
    </message>
    <message>
        <source>%1 is a folder. Please choose a file.</source>
        <translation>%1 — это папка. Выберите, пожалуйста, файл.</translation>
    </message>
    <message>
        <source>The folder %1 is not there. Is the USB stick plugged in?</source>
        <translation>Папки %1 нет. Флешка подключена?</translation>
    </message>
    <message>
        <source>%1 cannot be written.</source>
        <translation>В %1 нельзя записать.</translation>
    </message>
    <message>
        <source>%1 is a whole disk. Please choose a file on it.</source>
        <translation>%1 — это целый диск. Выберите, пожалуйста, файл на нём.</translation>
    </message>
    <message>
        <source>%1 belongs to another program, not to stampcard.</source>
        <translation>%1 принадлежит другой программе, а не stampcard.</translation>
    </message>
    <message>
        <source>This kiosk is not part of a chain of shops.</source>
        <translation>Этот киоск не входит в сеть магазинов.</translation>
    </message>
    <message>
        <source>This kiosk already belongs to a chain of shops.</source>
        <translation>Этот киоск уже входит в сеть магазинов.</translation>
    </message>
    <message>
        <source>In a chain of shops the card key is changed on the hub, not at one kiosk.</source>
        <translation>В сети магазинов ключ карт меняется на хабе, а не на одном киоске.</translation>
    </message>
    <message>
        <source>That server already holds a chain of shops.</source>
        <translation>На этом сервере уже есть сеть магазинов.</translation>
    </message>
    <message>
        <source>A station called %1 is already in the chain.</source>
        <translation>Станция %1 уже есть в сети.</translation>
    </message>
    <message>
        <source>There is no conflict %1.</source>
        <translation>Конфликта %1 нет.</translation>
    </message>
    <message>
        <source>That is not possible here.</source>
        <translation>Здесь это невозможно.</translation>
    </message>
    <message>
        <source>The database cannot be read or written. Please ask staff.</source>
        <translation>Базу данных нельзя прочитать или записать. Обратитесь, пожалуйста, к персоналу.</translation>
    </message>
    <message>
        <source>Something went wrong. Please ask staff.</source>
        <translation>Что-то пошло не так. Обратитесь, пожалуйста, к персоналу.</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 дней</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 дней</translation>
    </message>
    <message>
        <source>90 days</source>
        <translation>90 дней</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>Rewards</source>
        <translation>Награды</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>Жалобы</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Клиенты</translation>
    </message>
    <message>
        <source>visits</source>
        <translation>визиты</translation>
    </message>
    <message>
        <source>stamps given</source>
        <translation>выдано штампов</translation>
    </message>
    <message>
        <source>rewards redeemed</source>
        <translation>выданные награды</translation>
    </message>
    <message>
        <source>returning customers</source>
        <translation>постоянные клиенты</translation>
    </message>
    <message>
        <source>complaints open</source>
        <translation>открытые жалобы</translation>
    </message>
    <message>
        <source>complaints resolved</source>
        <translation>решённые жалобы</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открытые</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Решённые</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Визиты</translation>
    </message>
    <message>
        <source>New cards</source>
        <translation>Новые карты</translation>
    </message>
    <message>
        <source>Cards in use</source>
        <translation>Карты в работе</translation>
    </message>
    <message>
        <source>Returning (2+ visits)</source>
        <translation>Постоянные (2+ визита)</translation>
    </message>
    <message>
        <source>Stamps</source>
        <translation>Штампы</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <source>Staff and PINs</source>
        <translation>Персонал и PIN-коды</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>Новый PIN</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Add a person</source>
        <translation>Добавить сотрудника</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Tap to type the name</source>
        <translation>Ввести имя</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Кассир</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Владелец</translation>
    </message>
    <message>
        <source>Add and set PIN</source>
        <translation>Добавить и задать PIN</translation>
    </message>
    <message>
        <source>Card signing key</source>
        <translation>Ключ подписи карт</translation>
    </message>
    <message>
        <source>New key</source>
        <translation>Новый ключ</translation>
    </message>
    <message>
        <source>Key %1 in use.</source>
        <translation>Действует ключ %1.</translation>
    </message>
    <message>
        <source>Key %1 signs new batches now; cards printed before keep working. Take a backup now: older backups hold only the old keys.</source>
        <translation>Теперь новые партии подписывает ключ %1; напечатанные раньше карты продолжают работать. Сделайте резервную копию сейчас: в старых копиях только старые ключи.</translation>
    </message>
    <message>
        <source>Make a new card signing key? Do this when a kiosk or a backup was stolen: new batches are signed with it, cards printed before keep working, and codes made with the old key for new numbers are refused.</source>
        <translation>Создать новый ключ подписи карт? Делайте это, если украли киоск или резервную копию: новые партии подписываются им, напечатанные раньше карты продолжают работать, а коды новых номеров, сделанные старым ключом, будут отклонены.</translation>
    </message>
    <message>
        <source>Yes, new key</source>
        <translation>Да, новый ключ</translation>
    </message>
    <message>
        <source>New PIN for %1 (4 to 12 digits)</source>
        <translation>Новый PIN для %1 (4–12 цифр)</translation>
    </message>
    <message>
        <source>%1 has a new PIN.</source>
        <translation>У %1 новый PIN.</translation>
    </message>
    <message>
        <source>%1 was removed.</source>
        <translation>%1 удалён(а).</translation>
    </message>
    <message>
        <source>Remove %1? Their PIN stops working.</source>
        <translation>Удалить %1? Его/её PIN перестанет работать.</translation>
    </message>
    <message>
        <source>Yes, remove</source>
        <translation>Да, удалить</translation>
    </message>
    <message>
        <source>Type the person&apos;s name first.</source>
        <translation>Сначала введите имя.</translation>
    </message>
    <message>
        <source>%1 was added.</source>
        <translation>%1 добавлен(а).</translation>
    </message>
</context>
<context>
    <name>StatusStrip</name>
    <message>
        <source>Camera ● on</source>
        <translation>Камера ● вкл.</translation>
    </message>
    <message>
        <source>Camera ○ starting</source>
        <translation>Камера ○ запуск</translation>
    </message>
    <message>
        <source>Camera ○ none</source>
        <translation>Камера ○ нет</translation>
    </message>
    <message>
        <source>Camera ✕ not working</source>
        <translation>Камера ✕ не работает</translation>
    </message>
    <message>
        <source>Printer ● ready</source>
        <translation>Принтер ● готов</translation>
    </message>
    <message>
        <source>Printer ○ saves to files</source>
        <translation>Принтер ○ сохраняет в файлы</translation>
    </message>
    <message>
        <source>Printer ✕ problem</source>
        <translation>Принтер ✕ проблема</translation>
    </message>
    <message>
        <source>Database ● ok</source>
        <translation>База данных ● в порядке</translation>
    </message>
    <message>
        <source>Database ✕ problem</source>
        <translation>База данных ✕ проблема</translation>
    </message>
    <message>
        <source>Scanner ● on</source>
        <translation>Сканер ● вкл.</translation>
    </message>
    <message>
        <source>Scanner ✕ unplugged</source>
        <translation>Сканер ✕ отключён</translation>
    </message>
</context>
<context>
    <name>Topics</name>
    <message>
        <source>Service</source>
        <translation>Обслуживание</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Товар</translation>
    </message>
    <message>
        <source>Waiting time</source>
        <translation>Ожидание</translation>
    </message>
    <message>
        <source>Cleanliness</source>
        <translation>Чистота</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Другое</translation>
    </message>
</context>
<context>
    <name>WizardScreen</name>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>Название магазина</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Complaints phone</source>
        <translation>Телефон для жалоб</translation>
    </message>
    <message>
        <source>Complaints e-mail</source>
        <translation>E-mail для жалоб</translation>
    </message>
    <message>
        <source>Complaints web address</source>
        <translation>Сайт для жалоб</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Stamps for a reward</source>
        <translation>Штампов для награды</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Награда</translation>
    </message>
    <message>
        <source>Head-start stamps on new cards</source>
        <translation>Штампы заранее на новых картах</translation>
    </message>
    <message>
        <source>Free coffee</source>
        <translation>Бесплатный кофе</translation>
    </message>
    <message>
        <source>Welcome! Let us set up your shop (1 of 5)</source>
        <translation>Добро пожаловать! Настроим ваш магазин (1 из 5)</translation>
    </message>
    <message>
        <source>Where can customers complain? (2 of 5)</source>
        <translation>Куда клиенты могут жаловаться? (2 из 5)</translation>
    </message>
    <message>
        <source>Language and reward (3 of 5)</source>
        <translation>Язык и награда (3 из 5)</translation>
    </message>
    <message>
        <source>Stamps (4 of 5)</source>
        <translation>Штампы (4 из 5)</translation>
    </message>
    <message>
        <source>Choose the owner PIN (5 of 5)</source>
        <translation>Выберите PIN владельца (5 из 5)</translation>
    </message>
    <message>
        <source>Type the owner PIN again (5 of 5)</source>
        <translation>Введите PIN владельца ещё раз (5 из 5)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Далее</translation>
    </message>
    <message>
        <source>Please type the shop&apos;s name.</source>
        <translation>Введите название магазина.</translation>
    </message>
    <message>
        <source>Please type the reward, e.g. Free coffee.</source>
        <translation>Введите награду, например: Бесплатный кофе.</translation>
    </message>
    <message>
        <source>The two PINs differ. Please choose the PIN again.</source>
        <translation>PIN-коды не совпадают. Выберите PIN ещё раз.</translation>
    </message>
</context>
</TS>
