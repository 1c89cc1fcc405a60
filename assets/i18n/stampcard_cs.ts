<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cs" sourcelanguage="en">
<context>
    <name>BackupPage</name>
    <message>
        <source>Backup</source>
        <translation>Záloha</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Zálohovat teď</translation>
    </message>
    <message>
        <source>Backups on this kiosk (newest first)</source>
        <translation>Zálohy v tomto kiosku (nejnovější nahoře)</translation>
    </message>
    <message>
        <source>Restore this backup</source>
        <translation>Obnovit tuto zálohu</translation>
    </message>
    <message>
        <source>This kiosk uses a shared database server; back it up on the server.</source>
        <translation>Tento kiosk používá sdílený databázový server; zálohujte ho na serveru.</translation>
    </message>
    <message>
        <source>Backups are saved in %1</source>
        <translation>Zálohy se ukládají do %1</translation>
    </message>
    <message>
        <source>No backups yet.</source>
        <translation>Zatím žádné zálohy.</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>Zálohuji…</translation>
    </message>
    <message>
        <source>Backup saved to %1</source>
        <translation>Záloha uložena do %1</translation>
    </message>
    <message>
        <source>Restore the backup of %1? Everything since then is replaced; the current data is saved first.</source>
        <translation>Obnovit zálohu z %1? Vše od té doby bude nahrazeno; současná data se nejdřív uloží.</translation>
    </message>
    <message>
        <source>Yes, restore</source>
        <translation>Ano, obnovit</translation>
    </message>
    <message>
        <source>Restored. The data is now as it was in that backup.</source>
        <translation>Obnoveno. Data jsou teď taková, jako v té záloze.</translation>
    </message>
    <message>
        <source>The previous data was kept in %1</source>
        <translation>Předchozí data zůstala v %1</translation>
    </message>
</context>
<context>
    <name>CardFinder</name>
    <message>
        <source>Card number, name or phone</source>
        <translation>Číslo karty, jméno nebo telefon</translation>
    </message>
    <message>
        <source>Tap to find a card: number, name or phone</source>
        <translation>Klepněte a najděte kartu: číslo, jméno, telefon</translation>
    </message>
    <message>
        <source>No card matches. Check the number or try the name.</source>
        <translation>Žádná karta neodpovídá. Zkontrolujte číslo nebo zkuste jméno.</translation>
    </message>
    <message>
        <source>%1 of %2 stamps · %3</source>
        <translation>%1 z %2 razítek · %3</translation>
    </message>
    <message>
        <source>not used yet</source>
        <translation>ještě nepoužitá</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>používá se</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>zablokovaná</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>nahrazená</translation>
    </message>
    <message>
        <source>void</source>
        <translation>neplatná</translation>
    </message>
</context>
<context>
    <name>CardScreen</name>
    <message>
        <source>+1 stamp</source>
        <translation>+1 razítko</translation>
    </message>
    <message>
        <source>+N</source>
        <translation>+N</translation>
    </message>
    <message>
        <source>Redeem</source>
        <translation>Uplatnit</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Vrátit</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>Vytisknout účtenku</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hotovo</translation>
    </message>
    <message>
        <source>Bring a friend</source>
        <translation>Přiveďte přítele</translation>
    </message>
    <message>
        <source>Welcome! Your new card starts with 1 stamp on us.</source>
        <translation>Vítejte! Vaše nová karta má od nás 1 razítko navíc.</translation>
    </message>
    <message numerus="yes">
        <source>Welcome! Your new card starts with %n stamps on us.</source>
        <translation>
            <numerusform>Vítejte! Vaše nová karta má od nás %n razítko navíc.</numerusform>
            <numerusform>Vítejte! Vaše nová karta má od nás %n razítka navíc.</numerusform>
            <numerusform>Vítejte! Vaše nová karta má od nás %n razítek navíc.</numerusform>
        </translation>
    </message>
    <message>
        <source>Welcome! Your new card is ready.</source>
        <translation>Vítejte! Vaše nová karta je připravena.</translation>
    </message>
    <message numerus="yes">
        <source>+%n from a friend.</source>
        <translation>
            <numerusform>+%n razítko od přítele.</numerusform>
            <numerusform>+%n razítka od přítele.</numerusform>
            <numerusform>+%n razítek od přítele.</numerusform>
        </translation>
    </message>
    <message>
        <source>Happy birthday, %1!</source>
        <translation>Všechno nejlepší k narozeninám, %1!</translation>
    </message>
    <message>
        <source>Hello, %1!</source>
        <translation>Dobrý den, %1!</translation>
    </message>
    <message>
        <source>Welcome!</source>
        <translation>Vítejte!</translation>
    </message>
    <message>
        <source>Your card</source>
        <translation>Vaše karta</translation>
    </message>
    <message>
        <source>no rewards yet</source>
        <translation>zatím bez odměn</translation>
    </message>
    <message>
        <source>1 reward so far</source>
        <translation>zatím 1 odměna</translation>
    </message>
    <message numerus="yes">
        <source>%n rewards so far</source>
        <translation>
            <numerusform>zatím %n odměna</numerusform>
            <numerusform>zatím %n odměny</numerusform>
            <numerusform>zatím %n odměn</numerusform>
        </translation>
    </message>
    <message>
        <source>Card %1 · %2</source>
        <translation>Karta %1 · %2</translation>
    </message>
    <message>
        <source>Reward ready!</source>
        <translation>Odměna je připravena!</translation>
    </message>
    <message numerus="yes">
        <source>%n to go</source>
        <translation>
            <numerusform>ještě %n</numerusform>
            <numerusform>ještě %n</numerusform>
            <numerusform>ještě %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Reward: %1</source>
        <translation>Odměna: %1</translation>
    </message>
    <message>
        <source>Stamped just now. Add another?</source>
        <translation>Razítko bylo právě přidáno. Přidat další?</translation>
    </message>
    <message numerus="yes">
        <source>Stamped %n min ago, add another?</source>
        <translation>
            <numerusform>Razítko před %n min, přidat další?</numerusform>
            <numerusform>Razítko před %n min, přidat další?</numerusform>
            <numerusform>Razítko před %n min, přidat další?</numerusform>
        </translation>
    </message>
    <message>
        <source>Yes, add</source>
        <translation>Ano, přidat</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Ne</translation>
    </message>
    <message>
        <source>+1 stamp added.</source>
        <translation>Přidáno 1 razítko.</translation>
    </message>
    <message numerus="yes">
        <source>+%n stamps added.</source>
        <translation>
            <numerusform>Přidáno %n razítko.</numerusform>
            <numerusform>Přidána %n razítka.</numerusform>
            <numerusform>Přidáno %n razítek.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing added.</source>
        <translation>Nic nepřidáno.</translation>
    </message>
    <message>
        <source>Enjoy your %1!</source>
        <translation>Dobrou chuť: %1!</translation>
    </message>
    <message numerus="yes">
        <source>The reward was taken back: %n stamps are on the card again.</source>
        <translation>
            <numerusform>Odměna vrácena: na kartě je znovu %n razítko.</numerusform>
            <numerusform>Odměna vrácena: na kartě jsou znovu %n razítka.</numerusform>
            <numerusform>Odměna vrácena: na kartě je znovu %n razítek.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stamps taken back.</source>
        <translation>
            <numerusform>Vráceno %n razítko.</numerusform>
            <numerusform>Vrácena %n razítka.</numerusform>
            <numerusform>Vráceno %n razítek.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Card %1 is brought by this card: at its first stamp both get +%n.</source>
        <translation>
            <numerusform>Kartu %1 přivádí tato karta: po jejím prvním razítku dostanou obě +%n razítko.</numerusform>
            <numerusform>Kartu %1 přivádí tato karta: po jejím prvním razítku dostanou obě +%n razítka.</numerusform>
            <numerusform>Kartu %1 přivádí tato karta: po jejím prvním razítku dostanou obě +%n razítek.</numerusform>
        </translation>
    </message>
    <message>
        <source>Card %1 is brought by this card.</source>
        <translation>Kartu %1 přivádí tato karta.</translation>
    </message>
</context>
<context>
    <name>CardsPage</name>
    <message>
        <source>Cards</source>
        <translation>Karty</translation>
    </message>
    <message>
        <source>Void a batch</source>
        <translation>Zneplatnit sérii</translation>
    </message>
    <message>
        <source>Block a card</source>
        <translation>Zablokovat</translation>
    </message>
    <message>
        <source>Move stamps</source>
        <translation>Přesun razítek</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Zákazník</translation>
    </message>
    <message>
        <source>A lost or stolen batch: its cards stop working. Tap the batch.</source>
        <translation>Ztracená nebo ukradená série: její karty přestanou fungovat. Klepněte na sérii.</translation>
    </message>
    <message>
        <source>Void this batch</source>
        <translation>Zneplatnit tuto sérii</translation>
    </message>
    <message>
        <source>A lost or misused card: it stops working.</source>
        <translation>Ztracená nebo zneužitá karta: přestane fungovat.</translation>
    </message>
    <message>
        <source>Block this card</source>
        <translation>Zablokovat tuto kartu</translation>
    </message>
    <message>
        <source>A customer lost their card: give them a new one with the same stamps.</source>
        <translation>Zákazník ztratil kartu: dejte mu novou se stejnými razítky.</translation>
    </message>
    <message>
        <source>1. The lost card</source>
        <translation>1. Ztracená karta</translation>
    </message>
    <message>
        <source>2. The new card&apos;s number</source>
        <translation>2. Číslo nové karty</translation>
    </message>
    <message>
        <source>The new card&apos;s number</source>
        <translation>Číslo nové karty</translation>
    </message>
    <message>
        <source>Tap to type the number on the new card</source>
        <translation>Klepněte a napište číslo nové karty</translation>
    </message>
    <message>
        <source>Move the stamps</source>
        <translation>Přesunout razítka</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Jméno</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Birthday (DDMMYYYY)</source>
        <translation>Narozeniny (DDMMRRRR)</translation>
    </message>
    <message>
        <source>The customer agrees that the shop keeps these details</source>
        <translation>Zákazník souhlasí, aby obchod tyto údaje uchovával</translation>
    </message>
    <message numerus="yes">
        <source>Kept until the customer asks to be forgotten, or erased after %n months without a visit.</source>
        <translation>
            <numerusform>Uchováno, dokud zákazník nepožádá o výmaz, nebo smazáno po %n měsíci bez návštěvy.</numerusform>
            <numerusform>Uchováno, dokud zákazník nepožádá o výmaz, nebo smazáno po %n měsících bez návštěvy.</numerusform>
            <numerusform>Uchováno, dokud zákazník nepožádá o výmaz, nebo smazáno po %n měsících bez návštěvy.</numerusform>
        </translation>
    </message>
    <message>
        <source>Forget this customer</source>
        <translation>Zapomenout tohoto zákazníka</translation>
    </message>
    <message>
        <source>Save customer</source>
        <translation>Uložit zákazníka</translation>
    </message>
    <message>
        <source>void</source>
        <translation>neplatná</translation>
    </message>
    <message>
        <source>No batches printed yet.</source>
        <translation>Zatím nebyla vytištěna žádná série.</translation>
    </message>
    <message>
        <source>Void batch %1 (%2)? Its cards will stop working. This cannot be undone.</source>
        <translation>Zneplatnit sérii %1 (%2)? Její karty přestanou fungovat. Nelze to vrátit.</translation>
    </message>
    <message>
        <source>Yes, void it</source>
        <translation>Ano, zneplatnit</translation>
    </message>
    <message>
        <source>Batch %1 is void.</source>
        <translation>Série %1 je zneplatněná.</translation>
    </message>
    <message>
        <source>Block card %1? It will be refused from now on.</source>
        <translation>Zablokovat kartu %1? Od teď bude odmítnuta.</translation>
    </message>
    <message>
        <source>Yes, block it</source>
        <translation>Ano, zablokovat</translation>
    </message>
    <message>
        <source>Card %1 is blocked.</source>
        <translation>Karta %1 je zablokovaná.</translation>
    </message>
    <message>
        <source>Card %1 (%2): %3. Type the new card&apos;s number to move them.</source>
        <translation>Karta %1 (%2): %3. Napište číslo nové karty a razítka se přesunou.</translation>
    </message>
    <message>
        <source>Move the stamps (%1) from card %2 to card %3? The old card will stop working.</source>
        <translation>Přesunout razítka (%1) z karty %2 na kartu %3? Stará karta přestane fungovat.</translation>
    </message>
    <message>
        <source>Yes, move them</source>
        <translation>Ano, přesunout</translation>
    </message>
    <message>
        <source>Done: card %1 now has %2.</source>
        <translation>Hotovo: karta %1 má teď %2.</translation>
    </message>
    <message>
        <source>The birthday is day, month and year: 8 digits, e.g. 24121990.</source>
        <translation>Narozeniny jsou den, měsíc a rok: 8 číslic, např. 24121990.</translation>
    </message>
    <message>
        <source>Saved for card %1.</source>
        <translation>Uloženo pro kartu %1.</translation>
    </message>
    <message>
        <source>Forget the customer of card %1? Name, phone, e-mail and birthday are erased everywhere; the stamps stay.</source>
        <translation>Zapomenout zákazníka karty %1? Jméno, telefon, e-mail a datum narození se všude smažou; razítka zůstanou.</translation>
    </message>
    <message>
        <source>Yes, forget</source>
        <translation>Ano, zapomenout</translation>
    </message>
    <message>
        <source>Erasing the customer&apos;s details…</source>
        <translation>Mažu údaje zákazníka…</translation>
    </message>
    <message>
        <source>The customer&apos;s details are erased. The card keeps its stamps.</source>
        <translation>Údaje zákazníka jsou smazány. Karta si razítka ponechává.</translation>
    </message>
    <message numerus="yes">
        <source>Cleaned in %n backup copies too.</source>
        <translation>
            <numerusform>Vymazáno i v %n záložní kopii.</numerusform>
            <numerusform>Vymazáno i v %n záložních kopiích.</numerusform>
            <numerusform>Vymazáno i v %n záložních kopiích.</numerusform>
        </translation>
    </message>
    <message>
        <source>These backup copies still hold the customer&apos;s details and could not be cleaned; delete them: %1</source>
        <translation>Tyto záložní kopie stále obsahují údaje zákazníka a nešlo je vyčistit; smažte je: %1</translation>
    </message>
</context>
<context>
    <name>ChainPage</name>
    <message>
        <source>Chain of shops</source>
        <translation>Řetězec obchodů</translation>
    </message>
    <message>
        <source>Write off</source>
        <translation>Odepsat</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Ponechat</translation>
    </message>
    <message>
        <source>Hub %1, this station %2.</source>
        <translation>Centrála %1, tato stanice %2.</translation>
    </message>
    <message>
        <source>Online, last synced %1.</source>
        <translation>Online, naposledy synchronizováno %1.</translation>
    </message>
    <message>
        <source>Offline: %1 changes wait here.</source>
        <translation>Offline: zde čeká změn: %1.</translation>
    </message>
    <message>
        <source>Refused by the hub (outside the rules, never sent to the other stations): %1</source>
        <translation>Odmítnuto centrálou (mimo pravidla, nikdy neodesláno ostatním stanicím): %1</translation>
    </message>
    <message>
        <source>Healed %1: %2</source>
        <translation>Opraveno %1: %2</translation>
    </message>
    <message>
        <source>Healed: %1</source>
        <translation>Opraveno: %1</translation>
    </message>
    <message>
        <source>Card %1: a reward was redeemed at two stations while apart (%2 short).</source>
        <translation>Karta %1: odměna byla vydána na dvou stanicích, když byly odpojené (chybí: %2).</translation>
    </message>
    <message>
        <source>Card %1: stamped at another station after it was blocked.</source>
        <translation>Karta %1: orazítkována na jiné stanici po zablokování.</translation>
    </message>
    <message>
        <source>Card %1: stamped after its batch was voided.</source>
        <translation>Karta %1: orazítkována po zneplatnění své série.</translation>
    </message>
    <message>
        <source>Card %1 · redeemed twice</source>
        <translation>Karta %1 · vydána dvakrát</translation>
    </message>
    <message>
        <source>Card %1 · stamped while blocked</source>
        <translation>Karta %1 · razítko při blokaci</translation>
    </message>
    <message>
        <source>Card %1 · stamped after the void</source>
        <translation>Karta %1 · razítko po zneplatnění</translation>
    </message>
    <message>
        <source>No conflicts: every station agrees.</source>
        <translation>Žádné konflikty: všechny stanice se shodují.</translation>
    </message>
    <message>
        <source>Tap a conflict to decide it.</source>
        <translation>Klepněte na konflikt a rozhodněte ho.</translation>
    </message>
    <message>
        <source>Write off gives the card its stamps back; Keep lets its next stamps fill the gap.</source>
        <translation>Odepsat kartě vrátí razítka; Ponechat nechá chybějící doplnit dalšími razítky.</translation>
    </message>
    <message>
        <source>Keep closes it; the card stays as it is.</source>
        <translation>Ponechat ho uzavře; karta zůstane, jak je.</translation>
    </message>
    <message>
        <source>Decided. The other stations learn it at their next sync.</source>
        <translation>Rozhodnuto. Ostatní stanice se to dozví při příští synchronizaci.</translation>
    </message>
</context>
<context>
    <name>ChainWorker</name>
    <message>
        <source>Chain: connecting…</source>
        <translation>Řetězec: připojování…</translation>
    </message>
    <message>
        <source>Chain: offline, %1 waiting</source>
        <translation>Řetězec: offline, čeká %1</translation>
    </message>
    <message>
        <source>Chain: the hub refused this kiosk&apos;s login, %1 waiting</source>
        <translation>Řetězec: centrála odmítla přihlášení tohoto kiosku, čeká %1</translation>
    </message>
    <message>
        <source>Chain: synced %1 min ago</source>
        <translation>Řetězec: synchronizováno před %1 min</translation>
    </message>
    <message>
        <source>Chain: synced %1 s ago</source>
        <translation>Řetězec: synchronizováno před %1 s</translation>
    </message>
    <message>
        <source>, conflicts: %1</source>
        <translation>, konflikty: %1</translation>
    </message>
</context>
<context>
    <name>ComplaintScreen</name>
    <message>
        <source>Complaint or idea? Tell us first.</source>
        <translation>Stížnost nebo nápad? Řekněte to nejdřív nám.</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Obsluha</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Výrobek</translation>
    </message>
    <message>
        <source>Waiting time</source>
        <translation>Čekání</translation>
    </message>
    <message>
        <source>Cleanliness</source>
        <translation>Čistota</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Jiné</translation>
    </message>
    <message>
        <source>What happened, or your idea (optional)</source>
        <translation>Co se stalo, nebo váš nápad (nepovinné)</translation>
    </message>
    <message>
        <source>Phone or e-mail (optional)</source>
        <translation>Telefon nebo e-mail (nepovinné)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Odeslat</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Zrušit</translation>
    </message>
    <message>
        <source>Thank you! Your reference:</source>
        <translation>Děkujeme! Vaše číslo:</translation>
    </message>
    <message>
        <source>Please quote it when you contact us.</source>
        <translation>Uveďte ho prosím, až nás budete kontaktovat.</translation>
    </message>
    <message>
        <source>Print the slip again</source>
        <translation>Vytisknout lístek znovu</translation>
    </message>
    <message>
        <source>A card was scanned: it will show when you send or cancel.</source>
        <translation>Byla načtena karta: ukáže se, až odešlete nebo zrušíte.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hotovo</translation>
    </message>
    <message>
        <source>Done: show the card</source>
        <translation>Hotovo: ukázat kartu</translation>
    </message>
    <message>
        <source>Please choose a topic first.</source>
        <translation>Nejdřív prosím vyberte téma.</translation>
    </message>
</context>
<context>
    <name>ComplaintsPage</name>
    <message>
        <source>Complaints</source>
        <translation>Stížnosti</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Otevřené</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Vše</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation>‹ Zpět</translation>
    </message>
    <message>
        <source>What was done (optional)</source>
        <translation>Co bylo uděláno (nepovinné)</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>Co bylo uděláno</translation>
    </message>
    <message>
        <source>Tap to write a note</source>
        <translation>Klepněte a napište poznámku</translation>
    </message>
    <message>
        <source>Mark as resolved</source>
        <translation>Označit jako vyřízené</translation>
    </message>
    <message>
        <source>No open complaints. Well done!</source>
        <translation>Žádné otevřené stížnosti. Výborně!</translation>
    </message>
    <message>
        <source>No complaints yet.</source>
        <translation>Zatím žádné stížnosti.</translation>
    </message>
    <message>
        <source>open</source>
        <translation>otevřená</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>vyřízená</translation>
    </message>
    <message>
        <source>(no text)</source>
        <translation>(bez textu)</translation>
    </message>
    <message>
        <source>Received %1</source>
        <translation>Přijato %1</translation>
    </message>
    <message>
        <source>Contact: %1</source>
        <translation>Kontakt: %1</translation>
    </message>
    <message>
        <source>Card: %1</source>
        <translation>Karta: %1</translation>
    </message>
    <message>
        <source>Resolved %1</source>
        <translation>Vyřízeno %1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Poznámka: %1</translation>
    </message>
    <message>
        <source>Complaint %1 is resolved.</source>
        <translation>Stížnost %1 je vyřízená.</translation>
    </message>
</context>
<context>
    <name>CountPicker</name>
    <message>
        <source>How many stamps?</source>
        <translation>Kolik razítek?</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Zrušit</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>(keyboard)</source>
        <translation>(klávesnice)</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <source>Camera chosen. Hold a card in front of it to see it here.</source>
        <translation>Kamera vybrána. Podržte před ní kartu a uvidíte ji zde.</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Zařízení</translation>
    </message>
    <message>
        <source>Found: %1</source>
        <translation>Nalezeno: %1</translation>
    </message>
    <message>
        <source>In use: %1</source>
        <translation>Používá se: %1</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>Hledám zařízení…</translation>
    </message>
    <message>
        <source>No camera (scanner or typing only)</source>
        <translation>Bez kamery (jen čtečka nebo psaní)</translation>
    </message>
    <message>
        <source>No camera picture</source>
        <translation>Žádný obraz z kamery</translation>
    </message>
    <message>
        <source>No camera: cards are scanned or typed.</source>
        <translation>Bez kamery: karty se načítají čtečkou nebo píší.</translation>
    </message>
    <message>
        <source>No printer chosen: the test receipt was saved as %1</source>
        <translation>Není vybrána tiskárna: zkušební účtenka je uložena jako %1</translation>
    </message>
    <message>
        <source>No printer: save receipts as files</source>
        <translation>Bez tiskárny: účtenky ukládat do souborů</translation>
    </message>
    <message>
        <source>Paper: %1 mm.</source>
        <translation>Papír: %1 mm.</translation>
    </message>
    <message>
        <source>Play a sound</source>
        <translation>Přehrát zvuk</translation>
    </message>
    <message>
        <source>Playing a sound. Nothing heard? Check the volume and the speaker.</source>
        <translation>Hraje zvuk. Nic neslyšíte? Zkontrolujte hlasitost a reproduktor.</translation>
    </message>
    <message>
        <source>Printing a test receipt…</source>
        <translation>Tisknu zkušební účtenku…</translation>
    </message>
    <message>
        <source>Receipt printer and paper</source>
        <translation>Tiskárna účtenek a papír</translation>
    </message>
    <message>
        <source>Receipts are saved as files.</source>
        <translation>Účtenky se ukládají do souborů.</translation>
    </message>
    <message>
        <source>Receipts go to %1.</source>
        <translation>Účtenky se tisknou na %1.</translation>
    </message>
    <message>
        <source>Scan any card now</source>
        <translation>Načtěte teď libovolnou kartu</translation>
    </message>
    <message>
        <source>Scan any card now…</source>
        <translation>Načtěte teď libovolnou kartu…</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Čtečka</translation>
    </message>
    <message>
        <source>Search again</source>
        <translation>Hledat znovu</translation>
    </message>
    <message>
        <source>Set on this computer, and stronger than the choices here: %1</source>
        <translation>Nastaveno v tomto počítači a má přednost před volbami zde: %1</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>Zvuk</translation>
    </message>
    <message>
        <source>Sounds are off at this station. Turn them on first.</source>
        <translation>Zvuky jsou na této pokladně vypnuté. Nejdřív je zapněte.</translation>
    </message>
    <message>
        <source>Sounds off</source>
        <translation>Zvuky vypnuté</translation>
    </message>
    <message>
        <source>Sounds on</source>
        <translation>Zvuky zapnuté</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>Spouštím kameru…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Zastavit</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>Zkušební tisk</translation>
    </message>
    <message>
        <source>%1 cannot be read.</source>
        <translation>%1 nelze přečíst.</translation>
    </message>
    <message>
        <source>The details are in the log.</source>
        <translation>Podrobnosti jsou v záznamu.</translation>
    </message>
    <message>
        <source>Could not look for devices.</source>
        <translation>Zařízení se nepodařilo vyhledat.</translation>
    </message>
    <message>
        <source>No scanner is named by the system. A scanner that types like a keyboard still works: test it below.</source>
        <translation>Systém nehlásí žádnou čtečku. Čtečka, která píše jako klávesnice, přesto funguje: vyzkoušejte ji níže.</translation>
    </message>
    <message>
        <source>Test receipt sent to %1.</source>
        <translation>Zkušební účtenka odeslána na %1.</translation>
    </message>
    <message>
        <source>The scanner works, but this code is not one of this shop&apos;s cards.</source>
        <translation>Čtečka funguje, ale tento kód není karta tohoto obchodu.</translation>
    </message>
    <message>
        <source>The scanner works: card %1.</source>
        <translation>Čtečka funguje: karta %1.</translation>
    </message>
    <message>
        <source>The test print failed: %1</source>
        <translation>Zkušební tisk se nezdařil: %1</translation>
    </message>
    <message>
        <source>default</source>
        <translation>výchozí</translation>
    </message>
    <message>
        <source>not answering</source>
        <translation>neodpovídá</translation>
    </message>
</context>
<context>
    <name>EconomicsPage</name>
    <message>
        <source>What the program earns</source>
        <translation>Co program vynáší</translation>
    </message>
    <message>
        <source>Cards completed with a head start: %1; without: %2.</source>
        <translation>Dokončené karty s náskokem: %1; bez něj: %2.</translation>
    </message>
    <message>
        <source>Median days to a reward: %1</source>
        <translation>Medián dní do odměny: %1</translation>
    </message>
    <message>
        <source>Stamps the shop owes: %1 (about %2)</source>
        <translation>Razítka, která podnik dluží: %1 (asi %2)</translation>
    </message>
    <message>
        <source>Rewards taken of rewards earned: %1</source>
        <translation>Vybrané odměny z získaných: %1</translation>
    </message>
    <message>
        <source>Days between visits (median): %1</source>
        <translation>Dní mezi návštěvami (medián): %1</translation>
    </message>
    <message>
        <source>Customers drifting away: %1</source>
        <translation>Zákazníci, kteří se vzdalují: %1</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Várky</translation>
    </message>
    <message>
        <source>Batch %1, head start %2: %3 of %4 cards completed (%5)</source>
        <translation>Várka %1, náskok %2: dokončeno %3 z %4 karet (%5)</translation>
    </message>
</context>
<context>
    <name>EntryScreen</name>
    <message>
        <source>Type the number printed on the card</source>
        <translation>Napište číslo vytištěné na kartě</translation>
    </message>
    <message>
        <source>e.g. K7Q2-9XJ4-MN3</source>
        <translation>např. K7Q2-9XJ4-MN3</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Zrušit</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Co</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Období</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formát</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>Uložit do</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Karty</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Návštěvy</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Zákazníci</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>Stížnosti</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Vše</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Tento měsíc</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Tento rok</translation>
    </message>
    <message>
        <source>Spreadsheet (.xlsx)</source>
        <translation>Tabulka (.xlsx)</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>Look for USB sticks</source>
        <translation>Hledat USB disky</translation>
    </message>
    <message>
        <source>Plug in a USB stick and tap “Look for USB sticks”. Customers&apos; details are personal data: keep the file safe.</source>
        <translation>Zasuňte USB disk a klepněte na „Hledat USB disky“. Údaje zákazníků jsou osobní údaje: soubor dobře chraňte.</translation>
    </message>
    <message>
        <source>USB stick %1</source>
        <translation>USB disk %1</translation>
    </message>
    <message>
        <source>This kiosk&apos;s data folder</source>
        <translation>Složka dat tohoto kiosku</translation>
    </message>
    <message>
        <source>%1 GB free</source>
        <translation>volno %1 GB</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exportuji…</translation>
    </message>
    <message>
        <source>Saved %1 rows to %2</source>
        <translation>Uloženo %1 řádků do %2</translation>
    </message>
    <message>
        <source>You can take the USB stick out now.</source>
        <translation>USB disk teď můžete vyjmout.</translation>
    </message>
    <message>
        <source>The file could not be written there: %1</source>
        <translation>Soubor tam nejde zapsat: %1</translation>
    </message>
</context>
<context>
    <name>Fault</name>
    <message>
        <source>The database is damaged. Please put a backup back (Backup page).</source>
        <translation>Databáze je poškozená. Obnovte prosím zálohu (stránka Záloha).</translation>
    </message>
    <message>
        <source>The disk is full. Nothing was recorded.</source>
        <translation>Disk je plný. Nic nebylo zaznamenáno.</translation>
    </message>
    <message>
        <source>The database cannot be written. Nothing was recorded.</source>
        <translation>Do databáze nelze zapisovat. Nic nebylo zaznamenáno.</translation>
    </message>
    <message>
        <source>The database is busy. Please try again.</source>
        <translation>Databáze je zaneprázdněná. Zkuste to prosím znovu.</translation>
    </message>
    <message>
        <source>The database server cannot be reached. Nothing was recorded.</source>
        <translation>Databázový server je nedostupný. Nic nebylo zaznamenáno.</translation>
    </message>
    <message>
        <source>The database is from a newer stampcard. Please update stampcard.</source>
        <translation>Databáze je z novějšího stampcardu. Aktualizujte prosím stampcard.</translation>
    </message>
    <message>
        <source>The database could not be brought up to date.</source>
        <translation>Databázi se nepodařilo aktualizovat.</translation>
    </message>
    <message>
        <source>The database could not be brought up to date; it was put back from the copy %1.</source>
        <translation>Databázi se nepodařilo aktualizovat; byla vrácena z kopie %1.</translation>
    </message>
    <message>
        <source>The database could not be brought up to date, nor put back. The copy taken before is %1.</source>
        <translation>Databázi se nepodařilo aktualizovat ani vrátit. Kopie z doby předtím je %1.</translation>
    </message>
    <message>
        <source>The folder %1 for the copy before the update cannot be made.</source>
        <translation>Složku %1 pro kopii před aktualizací nelze vytvořit.</translation>
    </message>
    <message>
        <source>The database %1 cannot be created.</source>
        <translation>Databázi %1 nelze vytvořit.</translation>
    </message>
    <message>
        <source>There is no database at %1.</source>
        <translation>V %1 není žádná databáze.</translation>
    </message>
    <message>
        <source>The database is damaged, so no backup was made; the older backups stay.</source>
        <translation>Databáze je poškozená, proto záloha nevznikla; starší zálohy zůstávají.</translation>
    </message>
    <message>
        <source>The backup could not be written to %1. The database is unchanged.</source>
        <translation>Zálohu se nepodařilo zapsat do %1. Databáze se nezměnila.</translation>
    </message>
    <message>
        <source>There is no backup %1.</source>
        <translation>Záloha %1 neexistuje.</translation>
    </message>
    <message>
        <source>The backup %1 is damaged.</source>
        <translation>Záloha %1 je poškozená.</translation>
    </message>
    <message>
        <source>%1 is not a stampcard backup.</source>
        <translation>%1 není záloha stampcardu.</translation>
    </message>
    <message>
        <source>The backup %1 is from a newer stampcard. Please update stampcard first.</source>
        <translation>Záloha %1 je z novějšího stampcardu. Nejprve prosím aktualizujte stampcard.</translation>
    </message>
    <message>
        <source>There are too many copies from before a restore in %1.</source>
        <translation>V %1 je příliš mnoho kopií z doby před obnovením.</translation>
    </message>
    <message>
        <source>The restore failed. The database is unchanged.</source>
        <translation>Obnovení selhalo. Databáze se nezměnila.</translation>
    </message>
</context>
<context>
    <name>FriendPicker</name>
    <message>
        <source>Bring a friend: scan the new card or type its number</source>
        <translation>Přiveďte přítele: naskenujte novou kartu nebo napište její číslo</translation>
    </message>
    <message>
        <source>e.g. K7Q2-9XJ4-MN3</source>
        <translation>např. K7Q2-9XJ4-MN3</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Zrušit</translation>
    </message>
</context>
<context>
    <name>Hub</name>
    <message>
        <source>The hub refused this kiosk&apos;s login. Please ask the owner. Stamps wait here; nothing is lost.</source>
        <translation>Centrála odmítla přihlášení tohoto kiosku. Obraťte se prosím na majitele. Razítka čekají zde; nic se neztratí.</translation>
    </message>
    <message>
        <source>The hub&apos;s user may not make the chain&apos;s logins.</source>
        <translation>Uživatel centrály nesmí vytvářet přihlášení řetězce.</translation>
    </message>
    <message>
        <source>The hub is older than this kiosk&apos;s stampcard. Please ask the owner to upgrade the hub. Stamps wait here; nothing is lost.</source>
        <translation>Hub je starší než stampcard tohoto kiosku. Požádejte majitele o aktualizaci hubu. Razítka čekají zde; nic se neztratí.</translation>
    </message>
    <message>
        <source>The hub cannot be reached. Stamps wait here; nothing is lost.</source>
        <translation>Centrála není dostupná. Razítka čekají zde; nic se neztratí.</translation>
    </message>
    <message>
        <source>Events made here that never reached the hub are lost (this database came from an older backup): %1</source>
        <translation>Události vzniklé zde, které se do centrály nikdy nedostaly, jsou ztraceny (databáze pochází ze starší zálohy): %1</translation>
    </message>
    <message>
        <source>This database was copied or moved here.</source>
        <translation>Tato databáze sem byla zkopírována nebo přesunuta.</translation>
    </message>
    <message>
        <source>This database is a copy of station %1&apos;s, which is still in use: it is now station %2.</source>
        <translation>Tato databáze je kopií databáze stanice %1, která se stále používá: nyní je to stanice %2.</translation>
    </message>
    <message>
        <source>The hub was restored or replaced. Sent again: %1, fetched: %2.</source>
        <translation>Centrála byla obnovena nebo vyměněna. Znovu odesláno: %1, staženo: %2.</translation>
    </message>
    <message>
        <source>This station&apos;s own events came back from the hub (this database came from a backup, or a copy of it syncs): %1</source>
        <translation>Vlastní události této stanice se vrátily z centrály (databáze pochází ze zálohy, nebo se synchronizuje její kopie): %1</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <source>Show your card</source>
        <translation>Ukažte svou kartu</translation>
    </message>
    <message>
        <source>Hold the QR code up to the camera.</source>
        <translation>Ukažte QR kód kameře.</translation>
    </message>
    <message>
        <source>Type card number</source>
        <translation>Napsat číslo karty</translation>
    </message>
    <message>
        <source>Complaint or idea?</source>
        <translation>Stížnost nebo nápad?</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personál</translation>
    </message>
    <message>
        <source>Sign out %1</source>
        <translation>Odhlásit: %1</translation>
    </message>
    <message>
        <source>Not happy? Tell us first:</source>
        <translation>Nejste spokojeni? Řekněte to nejdřív nám:</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>Spouštím kameru…</translation>
    </message>
    <message>
        <source>No camera. Type the card number or use the scanner.</source>
        <translation>Žádná kamera. Napište číslo karty nebo použijte čtečku.</translation>
    </message>
    <message>
        <source>The camera is not working. Type the card number or use the scanner.</source>
        <translation>Kamera nefunguje. Napište číslo karty nebo použijte čtečku.</translation>
    </message>
    <message>
        <source>Hand your card to the cashier.</source>
        <translation>Podejte kartu pokladní.</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Language</source>
        <translation>Jazyk</translation>
    </message>
    <message>
        <source>The language of the kiosk, the cards and the receipts.</source>
        <translation>Jazyk kiosku, karet a účtenek.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Staff: see the stamps and move them</source>
        <translation>Obsluha: zobrazit a přesunout razítka</translation>
    </message>
    <message>
        <source>A card is waiting: it shows when you close the owner screens.</source>
        <translation>Čeká karta: ukáže se, až zavřete obrazovky majitele.</translation>
    </message>
    <message>
        <source>Receipt printed.</source>
        <translation>Účtenka vytištěna.</translation>
    </message>
    <message>
        <source>Receipt saved: %1</source>
        <translation>Účtenka uložena: %1</translation>
    </message>
    <message>
        <source>The receipt was not printed (printer problem). The card is up to date.</source>
        <translation>Účtenka se nevytiskla (problém s tiskárnou). Karta je v pořádku zapsaná.</translation>
    </message>
    <message>
        <source>The slip was not printed (printer problem). Please note your reference.</source>
        <translation>Lístek se nevytiskl (problém s tiskárnou). Poznamenejte si prosím své číslo.</translation>
    </message>
    <message>
        <source>Slip printed.</source>
        <translation>Lístek vytištěn.</translation>
    </message>
    <message>
        <source>Slip saved: %1</source>
        <translation>Lístek uložen: %1</translation>
    </message>
    <message>
        <source>Something went wrong. Please ask staff.</source>
        <translation>Něco se pokazilo. Požádejte prosím obsluhu.</translation>
    </message>
    <message>
        <source>The kiosk is ready again.</source>
        <translation>Kiosk je opět připraven.</translation>
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
        <translation>E-mailový server %1 není dostupný.</translation>
    </message>
    <message>
        <source>The e-mail server %1 refused the shop&apos;s user name or password.</source>
        <translation>E-mailový server %1 odmítl uživatelské jméno nebo heslo obchodu.</translation>
    </message>
    <message>
        <source>The connection to the e-mail server broke off.</source>
        <translation>Spojení s e-mailovým serverem se přerušilo.</translation>
    </message>
    <message>
        <source>The e-mail server refused this message (%1).</source>
        <translation>E-mailový server tuto zprávu odmítl (%1).</translation>
    </message>
    <message>
        <source>The e-mail server refused the customer&apos;s address.</source>
        <translation>E-mailový server odmítl adresu zákazníka.</translation>
    </message>
    <message>
        <source>The e-mail could not be sent.</source>
        <translation>E-mail se nepodařilo odeslat.</translation>
    </message>
    <message>
        <source>The customer&apos;s phone number cannot take an SMS.</source>
        <translation>Na telefonní číslo zákazníka nelze poslat SMS.</translation>
    </message>
    <message>
        <source>The SMS folder %1 is not there.</source>
        <translation>Složka pro SMS %1 tu není.</translation>
    </message>
    <message>
        <source>The SMS could not be written into the folder %1.</source>
        <translation>SMS se nepodařilo zapsat do složky %1.</translation>
    </message>
    <message>
        <source>The SMS gateway refused the message (%1).</source>
        <translation>Brána pro SMS zprávu odmítla (%1).</translation>
    </message>
    <message>
        <source>The SMS gateway cannot be reached.</source>
        <translation>Brána pro SMS není dostupná.</translation>
    </message>
    <message>
        <source>No e-mail server is set up.</source>
        <translation>Není nastaven žádný e-mailový server.</translation>
    </message>
    <message>
        <source>No way to send SMS is set up.</source>
        <translation>Není nastaven žádný způsob odesílání SMS.</translation>
    </message>
    <message>
        <source>The customer withdrew their consent.</source>
        <translation>Zákazník odvolal souhlas.</translation>
    </message>
    <message>
        <source>Interrupted; sent again at the owner&apos;s request.</source>
        <translation>Přerušeno; na žádost majitele odesláno znovu.</translation>
    </message>
</context>
<context>
    <name>MessagesPage</name>
    <message>
        <source>Birthday</source>
        <translation>Narozeniny</translation>
    </message>
    <message>
        <source>Thanks after a reward</source>
        <translation>Poděkování po odměně</translation>
    </message>
    <message>
        <source>Reward is near</source>
        <translation>Odměna je blízko</translation>
    </message>
    <message>
        <source>We miss you</source>
        <translation>Chybíte nám</translation>
    </message>
    <message>
        <source>Announcement</source>
        <translation>Oznámení</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>odesláno</translation>
    </message>
    <message>
        <source>failed, tried again later</source>
        <translation>selhalo, zkusí se znovu později</translation>
    </message>
    <message>
        <source>being sent</source>
        <translation>odesílá se</translation>
    </message>
    <message>
        <source>consent withdrawn</source>
        <translation>souhlas odvolán</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Zprávy</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>Odeslat teď</translation>
    </message>
    <message>
        <source>Your news or offer for everyone who agreed</source>
        <translation>Vaše novinka nebo nabídka pro všechny, kdo souhlasili</translation>
    </message>
    <message>
        <source>Your news or offer</source>
        <translation>Vaše novinka nebo nabídka</translation>
    </message>
    <message>
        <source>Send to all</source>
        <translation>Poslat všem</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>Na řadě teď</translation>
    </message>
    <message>
        <source>Nothing is due.</source>
        <translation>Nic není na řadě.</translation>
    </message>
    <message>
        <source>retry</source>
        <translation>nový pokus</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Odeslané</translation>
    </message>
    <message>
        <source>Nothing sent yet.</source>
        <translation>Zatím nic neodešlo.</translation>
    </message>
    <message>
        <source>interrupted: not known whether it went</source>
        <translation>přerušeno: není známo, zda odešla</translation>
    </message>
    <message>
        <source>Send it again</source>
        <translation>Poslat znovu</translation>
    </message>
    <message>
        <source>It goes with the next sending (Send now sends it at once).</source>
        <translation>Odejde s příštím odesíláním (Odeslat teď ji pošle hned).</translation>
    </message>
    <message>
        <source>Write the news or offer first.</source>
        <translation>Nejdřív napište novinku nebo nabídku.</translation>
    </message>
    <message>
        <source>Quiet hours: the messages wait for the morning.</source>
        <translation>Noční klid: zprávy počkají do rána.</translation>
    </message>
    <message>
        <source>Sent %1, skipped %2, failed %3.</source>
        <translation>Odesláno %1, přeskočeno %2, selhalo %3.</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>space</source>
        <translation>mezera</translation>
    </message>
</context>
<context>
    <name>Owner</name>
    <message>
        <source>No, go back</source>
        <translation>Ne, zpět</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Zrušit</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Smazat</translation>
    </message>
</context>
<context>
    <name>OwnerScreen</name>
    <message>
        <source>Program</source>
        <translation>Program</translation>
    </message>
    <message>
        <source>Print cards</source>
        <translation>Tisk karet</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Přehledy</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Zprávy</translation>
    </message>
    <message>
        <source>Economics</source>
        <translation>Ekonomika</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>Stížnosti</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Karty</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personál</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Záloha</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Jazyk</translation>
    </message>
    <message>
        <source>Chain</source>
        <translation>Řetězec</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Zavřít</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Zařízení</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Cancel</source>
        <translation>Zrušit</translation>
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
        <translation>PIN majitele</translation>
    </message>
    <message>
        <source>Cashier PIN</source>
        <translation>PIN pokladní</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Zrušit</translation>
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
        <translation>Tisk nových karet</translation>
    </message>
    <message>
        <source>How many cards</source>
        <translation>Kolik karet</translation>
    </message>
    <message>
        <source>Head-start stamps on each card</source>
        <translation>Razítka předem na každé kartě</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Papír</translation>
    </message>
    <message>
        <source>Head-start stamps</source>
        <translation>Razítka předem</translation>
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
        <translation>Vytvořit karty</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Zastavit</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Tisk</translation>
    </message>
    <message>
        <source>Copy to USB stick</source>
        <translation>Na USB disk</translation>
    </message>
    <message>
        <source>Poster</source>
        <translation>Plakát</translation>
    </message>
    <message>
        <source>The first page
will show here</source>
        <translation>Zde se ukáže
první stránka</translation>
    </message>
    <message>
        <source>One card as it will be printed. 10 cards a page, with cut marks.</source>
        <translation>Jedna karta tak, jak se vytiskne. 10 karet na stránku, se značkami pro řez.</translation>
    </message>
    <message>
        <source>Batch %1: %2. Saved to %3</source>
        <translation>Série %1: %2. Uloženo do %3</translation>
    </message>
    <message>
        <source>Making %1…</source>
        <translation>Probíhá výroba: %1…</translation>
    </message>
    <message>
        <source>Its QR code opens %1.</source>
        <translation>Jeho QR kód otevře %1.</translation>
    </message>
    <message>
        <source>It has no QR code: set the card page or the complaints web address.</source>
        <translation>Nemá QR kód: nastavte stránku karty nebo webovou adresu pro stížnosti.</translation>
    </message>
    <message>
        <source>Poster saved to %1.</source>
        <translation>Plakát uložen do %1.</translation>
    </message>
    <message>
        <source>Batch %1 is ready: %2.</source>
        <translation>Série %1 je hotová: %2.</translation>
    </message>
    <message>
        <source>Stopped. No cards were made.</source>
        <translation>Zastaveno. Žádné karty nevznikly.</translation>
    </message>
    <message>
        <source>Write the PDF again</source>
        <translation>Zapsat PDF znovu</translation>
    </message>
    <message>
        <source>Batch %1 is made, but its PDF could not be written: %2</source>
        <translation>Série %1 je vytvořená, ale její PDF se nepodařilo zapsat: %2</translation>
    </message>
    <message>
        <source>No USB stick found. Plug one in and tap again.</source>
        <translation>USB disk nenalezen. Zasuňte ho a klepněte znovu.</translation>
    </message>
    <message>
        <source>The file could not be written there: %1</source>
        <translation>Soubor tam nejde zapsat: %1</translation>
    </message>
    <message>
        <source>Copied to USB stick %1: %2</source>
        <translation>Zkopírováno na USB disk %1: %2</translation>
    </message>
    <message>
        <source>You can take the USB stick out now.</source>
        <translation>USB disk teď můžete vyjmout.</translation>
    </message>
    <message>
        <source>Printing failed: %1</source>
        <translation>Tisk selhal: %1</translation>
    </message>
    <message>
        <source>Sent to printer %1.</source>
        <translation>Odesláno na tiskárnu %1.</translation>
    </message>
    <message>
        <source>No printer found. Saved to %1</source>
        <translation>Tiskárna nenalezena. Uloženo do %1</translation>
    </message>
</context>
<context>
    <name>Printer</name>
    <message>
        <source>No printer is chosen.</source>
        <translation>Není vybraná žádná tiskárna.</translation>
    </message>
    <message>
        <source>The file %1 could not be saved in the folder %2.</source>
        <translation>Soubor %1 se nepodařilo uložit do složky %2.</translation>
    </message>
    <message>
        <source>Printer %1 prints receipts only, not pages.</source>
        <translation>Tiskárna %1 tiskne jen účtenky, ne stránky.</translation>
    </message>
    <message>
        <source>Printing pages needs CUPS, which this computer does not have.</source>
        <translation>Tisk stránek potřebuje CUPS, který tento počítač nemá.</translation>
    </message>
    <message>
        <source>The print queue %1 cannot be used.</source>
        <translation>Tiskovou frontu %1 nelze použít.</translation>
    </message>
    <message>
        <source>The print queue %1 refused the document.</source>
        <translation>Tisková fronta %1 dokument odmítla.</translation>
    </message>
    <message>
        <source>Printer %1 does not answer. Is it switched on?</source>
        <translation>Tiskárna %1 neodpovídá. Je zapnutá?</translation>
    </message>
    <message>
        <source>Printer %1 refused the connection. Is it switched on?</source>
        <translation>Tiskárna %1 odmítla spojení. Je zapnutá?</translation>
    </message>
    <message>
        <source>Printer %1 is not known on the network.</source>
        <translation>Tiskárna %1 není v síti známá.</translation>
    </message>
    <message>
        <source>Printer %1 cannot be reached on the network.</source>
        <translation>Tiskárna %1 není v síti dostupná.</translation>
    </message>
    <message>
        <source>Printer %1 is out of paper.</source>
        <translation>V tiskárně %1 došel papír.</translation>
    </message>
    <message>
        <source>Printer %1 is not there. Is it plugged in?</source>
        <translation>Tiskárna %1 tu není. Je připojená?</translation>
    </message>
    <message>
        <source>The kiosk may not use printer %1.</source>
        <translation>Kiosk nemá oprávnění používat tiskárnu %1.</translation>
    </message>
    <message>
        <source>Printer %1 failed.</source>
        <translation>Tiskárna %1 selhala.</translation>
    </message>
    <message>
        <source>USB printing is not installed on this computer.</source>
        <translation>Tisk přes USB není na tomto počítači nainstalovaný.</translation>
    </message>
    <message>
        <source>USB printer %1 is not there or is busy.</source>
        <translation>USB tiskárna %1 tu není nebo je zaneprázdněná.</translation>
    </message>
    <message>
        <source>USB printer %1 failed.</source>
        <translation>USB tiskárna %1 selhala.</translation>
    </message>
    <message>
        <source>A receipt is 80 or 58 mm wide, not %1 mm.</source>
        <translation>Účtenka je široká 80 nebo 58 mm, ne %1 mm.</translation>
    </message>
    <message>
        <source>Unknown paper %1.</source>
        <translation>Neznámý papír %1.</translation>
    </message>
    <message>
        <source>There are no cards to print.</source>
        <translation>Nejsou žádné karty k tisku.</translation>
    </message>
    <message>
        <source>The logo %1 cannot be read.</source>
        <translation>Logo %1 nelze přečíst.</translation>
    </message>
    <message>
        <source>Unknown poster size %1.</source>
        <translation>Neznámá velikost plakátu %1.</translation>
    </message>
    <message>
        <source>The poster has no room left for its QR code.</source>
        <translation>Na plakátu nezbylo místo pro QR kód.</translation>
    </message>
    <message>
        <source>The printer has a problem.</source>
        <translation>Tiskárna má problém.</translation>
    </message>
</context>
<context>
    <name>ProgramPage</name>
    <message>
        <source>Program settings</source>
        <translation>Nastavení programu</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Uložit</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>Zahodit změny</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>Název obchodu</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Odměna</translation>
    </message>
    <message>
        <source>Stamps for a reward</source>
        <translation>Razítek na odměnu</translation>
    </message>
    <message>
        <source>Head-start stamps</source>
        <translation>Razítka předem</translation>
    </message>
    <message>
        <source>Minutes between stamps</source>
        <translation>Minut mezi razítky</translation>
    </message>
    <message>
        <source>Most stamps per visit</source>
        <translation>Nejvíc razítek za návštěvu</translation>
    </message>
    <message>
        <source>Complaints phone</source>
        <translation>Telefon pro stížnosti</translation>
    </message>
    <message>
        <source>Complaints e-mail</source>
        <translation>E-mail pro stížnosti</translation>
    </message>
    <message>
        <source>Complaints web address</source>
        <translation>Web pro stížnosti</translation>
    </message>
    <message>
        <source>%1 from rewards redeemed</source>
        <translation>%1 od počtu odměn</translation>
    </message>
    <message>
        <source>%1 bonus stamps a visit</source>
        <translation>%1: razítek navíc za návštěvu</translation>
    </message>
    <message>
        <source>e.g. Free coffee</source>
        <translation>např. Káva zdarma</translation>
    </message>
    <message>
        <source>Saved. New cards and the kiosk use these settings now.</source>
        <translation>Uloženo. Nové karty i kiosk teď používají toto nastavení.</translation>
    </message>
    <message numerus="yes">
        <source>Cards in use keep their stamps; %n of them now hold a reward.</source>
        <translation>
            <numerusform>Karty v oběhu si razítka ponechají; %n z nich má teď nárok na odměnu.</numerusform>
            <numerusform>Karty v oběhu si razítka ponechají; %n z nich mají teď nárok na odměnu.</numerusform>
            <numerusform>Karty v oběhu si razítka ponechají; %n z nich má teď nárok na odměnu.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Question</name>
    <message>
        <source>No</source>
        <translation>Ne</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ano</translation>
    </message>
</context>
<context>
    <name>Refusal</name>
    <message>
        <source>Stamps for a reward</source>
        <translation>Razítek na odměnu</translation>
    </message>
    <message>
        <source>Head-start stamps</source>
        <translation>Razítka předem</translation>
    </message>
    <message>
        <source>Minutes between stamps</source>
        <translation>Minut mezi razítky</translation>
    </message>
    <message>
        <source>Stamps per visit</source>
        <translation>Razítek za návštěvu</translation>
    </message>
    <message>
        <source>Number of cards</source>
        <translation>Počet karet</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Odměna</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>Název obchodu</translation>
    </message>
    <message>
        <source>Complaints phone</source>
        <translation>Telefon pro stížnosti</translation>
    </message>
    <message>
        <source>Complaints e-mail</source>
        <translation>E-mail pro stížnosti</translation>
    </message>
    <message>
        <source>Complaints web address</source>
        <translation>Web pro stížnosti</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Jméno</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Jazyk</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Časové pásmo</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresa</translation>
    </message>
    <message>
        <source>Months to keep customers&apos; details</source>
        <translation>Měsíce uchování údajů zákazníků</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>Datum narození</translation>
    </message>
    <message>
        <source>That code is not one of our stamp cards.</source>
        <translation>Tento kód nepatří k žádné naší věrnostní kartě.</translation>
    </message>
    <message>
        <source>The code could not be read completely. Please try again.</source>
        <translation>Kód se nepodařilo přečíst celý. Zkuste to prosím znovu.</translation>
    </message>
    <message>
        <source>This card could not be verified at this kiosk. Please ask staff.</source>
        <translation>Tuto kartu se na tomto kiosku nepodařilo ověřit. Obraťte se prosím na obsluhu.</translation>
    </message>
    <message>
        <source>This card was not issued by this shop.</source>
        <translation>Tuto kartu nevydal náš obchod.</translation>
    </message>
    <message>
        <source>This card cannot be checked at this kiosk right now. Please ask staff.</source>
        <translation>Tuto kartu teď na tomto kiosku nelze ověřit. Obraťte se prosím na obsluhu.</translation>
    </message>
    <message>
        <source>This kiosk does not have the shop&apos;s newest card key yet. Please try again in a few minutes.</source>
        <translation>Tento kiosek ještě nemá nejnovější klíč karet obchodu. Zkuste to prosím za pár minut.</translation>
    </message>
    <message>
        <source>That card number has a typo. Please check it and try again.</source>
        <translation>V čísle karty je překlep. Zkontrolujte ho prosím a zkuste znovu.</translation>
    </message>
    <message>
        <source>We do not know this card. Please ask staff.</source>
        <translation>Tuto kartu neznáme. Zeptejte se prosím obsluhy.</translation>
    </message>
    <message>
        <source>This card is no longer valid. Please ask staff for a new one.</source>
        <translation>Tato karta už neplatí. Požádejte prosím obsluhu o novou.</translation>
    </message>
    <message>
        <source>This card is blocked. Please ask staff.</source>
        <translation>Tato karta je zablokovaná. Zeptejte se prosím obsluhy.</translation>
    </message>
    <message>
        <source>This card was replaced by a new one. Please use the new card.</source>
        <translation>Tuto kartu nahradila nová. Používejte prosím novou kartu.</translation>
    </message>
    <message>
        <source>The old and the new card are the same card.</source>
        <translation>Stará a nová karta jsou táž karta.</translation>
    </message>
    <message>
        <source>This card had stamps or a friend brought it already.</source>
        <translation>Tato karta už měla razítka nebo ji už přivedl kamarád.</translation>
    </message>
    <message>
        <source>This card of a void batch was never used: there is nothing to move.</source>
        <translation>Tato karta ze zneplatněné série nebyla nikdy použita: není co přesunout.</translation>
    </message>
    <message>
        <source>Stamped %n min ago.</source>
        <translation>Razítko bylo dáno před %n min.</translation>
    </message>
    <message>
        <source>That is more stamps than one visit allows (at most %n).</source>
        <translation>To je víc razítek, než dovoluje jedna návštěva (nejvýš %n).</translation>
    </message>
    <message>
        <source>The card is not full yet: %n to go.</source>
        <translation>Karta ještě není plná: zbývá razítek: %n.</translation>
    </message>
    <message>
        <source>There is nothing to undo on this card.</source>
        <translation>Na této kartě není co vrátit.</translation>
    </message>
    <message>
        <source>The last change was already undone.</source>
        <translation>Poslední změna už byla vrácena.</translation>
    </message>
    <message>
        <source>Too late to undo: undo works within %n min.</source>
        <translation>Na vrácení je pozdě: vracet lze do %n min.</translation>
    </message>
    <message>
        <source>Those stamps were already used for a reward.</source>
        <translation>Tato razítka už byla použita na odměnu.</translation>
    </message>
    <message>
        <source>%1 must be between %2 and %3.</source>
        <translation>%1 musí být mezi %2 a %3.</translation>
    </message>
    <message>
        <source>%1 cannot be empty.</source>
        <translation>%1 nesmí být prázdné.</translation>
    </message>
    <message>
        <source>%1 is too long (at most %n characters).</source>
        <translation>%1: text je moc dlouhý (nejvýš %n znaků).</translation>
    </message>
    <message>
        <source>%1 does not fit on the printed card (at most about %n characters).</source>
        <translation>%1: nevejde se na tištěnou kartu (nejvýš asi %n znaků).</translation>
    </message>
    <message>
        <source>%1 contains characters that cannot be printed.</source>
        <translation>%1 obsahuje znaky, které nejde vytisknout.</translation>
    </message>
    <message>
        <source>%1: please choose one of the offered values.</source>
        <translation>%1: vyberte prosím jednu z nabízených hodnot.</translation>
    </message>
    <message>
        <source>%1: please check what you typed (%2).</source>
        <translation>%1: zkontrolujte prosím, co jste napsali (%2).</translation>
    </message>
    <message>
        <source>Tiers need different names, a threshold of at least 1 and a bonus of 0 or more.</source>
        <translation>Úrovně potřebují různé názvy, práh aspoň 1 a bonus 0 nebo více.</translation>
    </message>
    <message>
        <source>A PIN has %1 to %2 digits.</source>
        <translation>PIN má %1 až %2 číslic.</translation>
    </message>
    <message>
        <source>Only the owner may do this: please enter the owner PIN.</source>
        <translation>Tohle smí jen majitel: zadejte prosím PIN majitele.</translation>
    </message>
    <message>
        <source>Wrong PIN. Tries left: %n.</source>
        <translation>Špatný PIN. Zbývá pokusů: %n.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: no tries left. Locked until %1.</source>
        <translation>Příliš mnoho špatných PINů: žádný pokus nezbývá. Zamčeno do %1.</translation>
    </message>
    <message>
        <source>No staff with a PIN is set up.</source>
        <translation>Není nastaven nikdo z obsluhy s PINem.</translation>
    </message>
    <message>
        <source>There is no staff member called %1.</source>
        <translation>V obsluze nikdo jménem %1 není.</translation>
    </message>
    <message>
        <source>%1 is already on the staff list.</source>
        <translation>%1 už v seznamu obsluhy je.</translation>
    </message>
    <message>
        <source>The last owner cannot be removed.</source>
        <translation>Posledního majitele nelze odebrat.</translation>
    </message>
    <message>
        <source>The shop is not set up yet.</source>
        <translation>Obchod ještě není nastaven.</translation>
    </message>
    <message>
        <source>This shop is already set up.</source>
        <translation>Tento obchod už je nastaven.</translation>
    </message>
    <message>
        <source>There is no stampcard database here.</source>
        <translation>Tady není žádná databáze stampcard.</translation>
    </message>
    <message>
        <source>There is no batch %1.</source>
        <translation>Série %1 neexistuje.</translation>
    </message>
    <message>
        <source>Batch %1 is already void.</source>
        <translation>Série %1 už je zneplatněná.</translation>
    </message>
    <message>
        <source>Card %1 is already blocked.</source>
        <translation>Karta %1 už je zablokovaná.</translation>
    </message>
    <message>
        <source>There is no complaint %1.</source>
        <translation>Stížnost %1 neexistuje.</translation>
    </message>
    <message>
        <source>Complaint %1 is already resolved.</source>
        <translation>Stížnost %1 už je vyřízená.</translation>
    </message>
    <message>
        <source>Please choose a topic.</source>
        <translation>Vyberte prosím téma.</translation>
    </message>
    <message>
        <source>Personal details are kept only with the customer&apos;s consent.</source>
        <translation>Osobní údaje uchováváme jen se souhlasem zákazníka.</translation>
    </message>
    <message>
        <source>Rewards cannot be redeemed while the shop is offline. Please try again later.</source>
        <translation>Odměny nejde vydat, dokud je obchod offline. Zkuste to prosím později.</translation>
    </message>
    <message>
        <source>The file cannot be used: %1</source>
        <translation>Soubor nejde použít: %1</translation>
    </message>
    <message>
        <source>%1 is a folder. Please choose a file.</source>
        <translation>%1 je složka. Vyberte prosím soubor.</translation>
    </message>
    <message>
        <source>The folder %1 is not there. Is the USB stick plugged in?</source>
        <translation>Složka %1 neexistuje. Je USB disk připojený?</translation>
    </message>
    <message>
        <source>%1 cannot be written.</source>
        <translation>Do %1 nelze zapisovat.</translation>
    </message>
    <message>
        <source>%1 is a whole disk. Please choose a file on it.</source>
        <translation>%1 je celý disk. Vyberte prosím soubor na něm.</translation>
    </message>
    <message>
        <source>%1 belongs to another program, not to stampcard.</source>
        <translation>%1 patří jinému programu, ne stampcardu.</translation>
    </message>
    <message>
        <source>This kiosk is not part of a chain of shops.</source>
        <translation>Tento kiosk nepatří do řetězce obchodů.</translation>
    </message>
    <message>
        <source>This kiosk already belongs to a chain of shops.</source>
        <translation>Tento kiosk už patří do řetězce obchodů.</translation>
    </message>
    <message>
        <source>In a chain of shops the card key is changed on the hub, not at one kiosk.</source>
        <translation>V řetězci obchodů se klíč karet mění na hubu, ne na jednom kiosku.</translation>
    </message>
    <message>
        <source>That server already holds a chain of shops.</source>
        <translation>Na tom serveru už řetězec obchodů je.</translation>
    </message>
    <message>
        <source>A station called %1 is already in the chain.</source>
        <translation>Stanice jménem %1 už v řetězci je.</translation>
    </message>
    <message>
        <source>There is no conflict %1.</source>
        <translation>Konflikt %1 neexistuje.</translation>
    </message>
    <message>
        <source>That is not possible here.</source>
        <translation>Tohle tady nejde.</translation>
    </message>
    <message>
        <source>The database cannot be read or written. Please ask staff.</source>
        <translation>Databázi nejde číst ani zapisovat. Zeptejte se prosím obsluhy.</translation>
    </message>
    <message>
        <source>Something went wrong. Please ask staff.</source>
        <translation>Něco se pokazilo. Zeptejte se prosím obsluhy.</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Reports</source>
        <translation>Přehledy</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 dní</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 dní</translation>
    </message>
    <message>
        <source>90 days</source>
        <translation>90 dní</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Vše</translation>
    </message>
    <message>
        <source>Rewards</source>
        <translation>Odměny</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>Stížnosti</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Zákazníci</translation>
    </message>
    <message>
        <source>visits</source>
        <translation>návštěvy</translation>
    </message>
    <message>
        <source>stamps given</source>
        <translation>udělená razítka</translation>
    </message>
    <message>
        <source>rewards redeemed</source>
        <translation>uplatněné odměny</translation>
    </message>
    <message>
        <source>returning customers</source>
        <translation>vracející se zákazníci</translation>
    </message>
    <message>
        <source>complaints open</source>
        <translation>otevřené stížnosti</translation>
    </message>
    <message>
        <source>complaints resolved</source>
        <translation>vyřízené stížnosti</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Otevřené</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Vyřízené</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Návštěvy</translation>
    </message>
    <message>
        <source>New cards</source>
        <translation>Nové karty</translation>
    </message>
    <message>
        <source>Cards in use</source>
        <translation>Karty v užívání</translation>
    </message>
    <message>
        <source>Returning (2+ visits)</source>
        <translation>Vracející se (2+ návštěvy)</translation>
    </message>
    <message>
        <source>Stamps</source>
        <translation>Razítka</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <source>Staff and PINs</source>
        <translation>Personál a PINy</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>Nový PIN</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Odebrat</translation>
    </message>
    <message>
        <source>Add a person</source>
        <translation>Přidat osobu</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Jméno</translation>
    </message>
    <message>
        <source>Tap to type the name</source>
        <translation>Klepněte a napište jméno</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Pokladní</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Majitel</translation>
    </message>
    <message>
        <source>Add and set PIN</source>
        <translation>Přidat a zadat PIN</translation>
    </message>
    <message>
        <source>Card signing key</source>
        <translation>Podpisový klíč karet</translation>
    </message>
    <message>
        <source>New key</source>
        <translation>Nový klíč</translation>
    </message>
    <message>
        <source>Key %1 in use.</source>
        <translation>Používá se klíč %1.</translation>
    </message>
    <message>
        <source>Key %1 signs new batches now; cards printed before keep working. Take a backup now: older backups hold only the old keys.</source>
        <translation>Nové série teď podepisuje klíč %1; dříve vytištěné karty dál platí. Udělejte hned zálohu: starší zálohy mají jen staré klíče.</translation>
    </message>
    <message>
        <source>Make a new card signing key? Do this when a kiosk or a backup was stolen: new batches are signed with it, cards printed before keep working, and codes made with the old key for new numbers are refused.</source>
        <translation>Vytvořit nový podpisový klíč karet? Udělejte to, když byl ukraden kiosek nebo záloha: nové série se podepíšou jím, dříve vytištěné karty dál platí a kódy nových čísel vyrobené starým klíčem budou odmítnuty.</translation>
    </message>
    <message>
        <source>Yes, new key</source>
        <translation>Ano, nový klíč</translation>
    </message>
    <message>
        <source>New PIN for %1 (4 to 12 digits)</source>
        <translation>Nový PIN pro %1 (4 až 12 číslic)</translation>
    </message>
    <message>
        <source>%1 has a new PIN.</source>
        <translation>%1 má nový PIN.</translation>
    </message>
    <message>
        <source>%1 was removed.</source>
        <translation>%1 byl(a) odebrán(a).</translation>
    </message>
    <message>
        <source>Remove %1? Their PIN stops working.</source>
        <translation>Odebrat %1? Jeho/její PIN přestane fungovat.</translation>
    </message>
    <message>
        <source>Yes, remove</source>
        <translation>Ano, odebrat</translation>
    </message>
    <message>
        <source>Type the person&apos;s name first.</source>
        <translation>Nejdřív napište jméno.</translation>
    </message>
    <message>
        <source>%1 was added.</source>
        <translation>%1 byl(a) přidán(a).</translation>
    </message>
</context>
<context>
    <name>StatusStrip</name>
    <message>
        <source>Camera ● on</source>
        <translation>Kamera ● zapnutá</translation>
    </message>
    <message>
        <source>Camera ○ starting</source>
        <translation>Kamera ○ startuje</translation>
    </message>
    <message>
        <source>Camera ○ none</source>
        <translation>Kamera ○ žádná</translation>
    </message>
    <message>
        <source>Camera ✕ not working</source>
        <translation>Kamera ✕ nefunguje</translation>
    </message>
    <message>
        <source>Printer ● ready</source>
        <translation>Tiskárna ● připravena</translation>
    </message>
    <message>
        <source>Printer ○ saves to files</source>
        <translation>Tiskárna ○ ukládá do souborů</translation>
    </message>
    <message>
        <source>Printer ✕ problem</source>
        <translation>Tiskárna ✕ problém</translation>
    </message>
    <message>
        <source>Database ● ok</source>
        <translation>Databáze ● v pořádku</translation>
    </message>
    <message>
        <source>Database ✕ problem</source>
        <translation>Databáze ✕ problém</translation>
    </message>
    <message>
        <source>Scanner ● on</source>
        <translation>Čtečka ● zapnutá</translation>
    </message>
    <message>
        <source>Scanner ✕ unplugged</source>
        <translation>Čtečka ✕ odpojená</translation>
    </message>
</context>
<context>
    <name>Topics</name>
    <message>
        <source>Service</source>
        <translation>Obsluha</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Výrobek</translation>
    </message>
    <message>
        <source>Waiting time</source>
        <translation>Čekání</translation>
    </message>
    <message>
        <source>Cleanliness</source>
        <translation>Čistota</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Jiné</translation>
    </message>
</context>
<context>
    <name>WizardScreen</name>
    <message>
        <source>Back</source>
        <translation>Zpět</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>Název obchodu</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresa</translation>
    </message>
    <message>
        <source>Complaints phone</source>
        <translation>Telefon pro stížnosti</translation>
    </message>
    <message>
        <source>Complaints e-mail</source>
        <translation>E-mail pro stížnosti</translation>
    </message>
    <message>
        <source>Complaints web address</source>
        <translation>Web pro stížnosti</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Jazyk</translation>
    </message>
    <message>
        <source>Stamps for a reward</source>
        <translation>Razítek na odměnu</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Odměna</translation>
    </message>
    <message>
        <source>Head-start stamps on new cards</source>
        <translation>Razítka předem na nových kartách</translation>
    </message>
    <message>
        <source>Free coffee</source>
        <translation>Káva zdarma</translation>
    </message>
    <message>
        <source>Welcome! Let us set up your shop (1 of 5)</source>
        <translation>Vítejte! Nastavíme váš obchod (1 z 5)</translation>
    </message>
    <message>
        <source>Where can customers complain? (2 of 5)</source>
        <translation>Kde si mohou zákazníci stěžovat? (2 z 5)</translation>
    </message>
    <message>
        <source>Language and reward (3 of 5)</source>
        <translation>Jazyk a odměna (3 z 5)</translation>
    </message>
    <message>
        <source>Stamps (4 of 5)</source>
        <translation>Razítka (4 z 5)</translation>
    </message>
    <message>
        <source>Choose the owner PIN (5 of 5)</source>
        <translation>Zvolte PIN majitele (5 z 5)</translation>
    </message>
    <message>
        <source>Type the owner PIN again (5 of 5)</source>
        <translation>Napište PIN majitele znovu (5 z 5)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Další</translation>
    </message>
    <message>
        <source>Please type the shop&apos;s name.</source>
        <translation>Napište prosím název obchodu.</translation>
    </message>
    <message>
        <source>Please type the reward, e.g. Free coffee.</source>
        <translation>Napište prosím odměnu, např. Káva zdarma.</translation>
    </message>
    <message>
        <source>The two PINs differ. Please choose the PIN again.</source>
        <translation>PINy se liší. Zvolte prosím PIN znovu.</translation>
    </message>
</context>
</TS>
